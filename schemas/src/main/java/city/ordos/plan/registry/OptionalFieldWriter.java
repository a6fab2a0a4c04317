package city.ordos.plan.registry;

import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * Avro's writer for generated classes, with a cheaper choice of branch for optional fields
 * ({@code ["null", T]} or {@code [T, "null"]}): null or not decides it. Avro's own choice names the
 * value's type and looks the name up in the union, for every optional field of every record; on
 * the stream thread that lookup was a third of the time spent encoding store values
 * (docs/performance.md). The bytes are the same: a generated class's field can only hold null or a
 * value of the other branch's type, and any other union is left to Avro.
 */
final class OptionalFieldWriter<T> extends SpecificDatumWriter<T> {

    OptionalFieldWriter(Schema schema, SpecificData data) {
        super(schema, data);
    }

    @Override
    protected int resolveUnion(Schema union, Object datum) {
        List<Schema> branches = union.getTypes();
        if (branches.size() == 2) {
            boolean nullFirst = branches.get(0).getType() == Schema.Type.NULL;
            boolean nullSecond = branches.get(1).getType() == Schema.Type.NULL;
            if (nullFirst != nullSecond) {
                int nullBranch = nullFirst ? 0 : 1;
                return datum == null ? nullBranch : 1 - nullBranch;
            }
        }
        return super.resolveUnion(union, datum);
    }
}
