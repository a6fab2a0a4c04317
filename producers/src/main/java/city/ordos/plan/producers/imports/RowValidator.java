package city.ordos.plan.producers.imports;

/** Checks the rows of one table layout and turns each into the event it states. Pure: no I/O, no clock. */
public interface RowValidator {

    RowOutcome validate(RawRow row);

    /** The key the row's event would have had, for its dead letter; empty if the row has none. */
    String keyOf(RawRow row);
}
