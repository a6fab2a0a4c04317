package city.ordos.plan.producers.imports;

import city.ordos.plan.avro.StatementHeader;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;

/**
 * One table states each figure once. Two rows about the same source and date, reported on the
 * same day, with other values (or another name, county, tier) contradict each other: downstream
 * the later one would simply win (latest report wins, and a tie goes to the last published), so
 * a slip of the keyboard would pass unseen and a re-import of a reordered table would flip it.
 * The second row is refused, naming the first; a row repeated exactly is the same statement
 * (same event id) and passes, as a re-import does.
 */
final class ConflictingRows implements RowValidator {

    private record Seen(long line, String eventId) {}

    private final RowValidator rows;
    private final Map<String, Seen> seen = new HashMap<>();

    ConflictingRows(RowValidator rows) {
        this.rows = rows;
    }

    @Override
    public RowOutcome validate(RawRow row) {
        RowOutcome outcome = rows.validate(row);
        if (!(outcome instanceof RowOutcome.Accepted a)) {
            return outcome;
        }
        String eventId = header(a.event()).getEventId();
        Seen first = seen.putIfAbsent(a.statement(), new Seen(row.line(), eventId));
        if (first != null && !first.eventId().equals(eventId)) {
            return new RowOutcome.Rejected(
                    RejectReason.CONFLICTING_ROW,
                    a.statement() + " is stated on line " + first.line() + " already, with other content; a table "
                            + "states each figure once (a correction goes in with a later report date)");
        }
        return outcome;
    }

    @Override
    public String keyOf(RawRow row) {
        return rows.keyOf(row);
    }

    /** Every input event of the contract carries its StatementHeader as {@code header}. */
    private static StatementHeader header(SpecificRecord event) {
        return (StatementHeader) event.get(event.getSchema().getField("header").pos());
    }
}
