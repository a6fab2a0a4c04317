package city.ordos.plan.producers.imports;

import org.apache.avro.specific.SpecificRecord;

/** A validated row: either the event to publish or the reason it is rejected. */
public sealed interface RowOutcome {

    /**
     * @param key   the event's record key (its source id)
     * @param event an {@code InvestmentReport} or a {@code StatisticsRelease}
     */
    record Accepted(String key, SpecificRecord event) implements RowOutcome {}

    /**
     * @param reasonCode one of the dead-letter reason codes (MISSING_FIELD, INVALID_DECIMAL, NEGATIVE_AMOUNT, AMOUNT_TOO_LARGE, UNKNOWN_UNIT,
     *                   UNIT_MISMATCH, UNKNOWN_COUNTY, OUTSIDE_PLAN_YEAR, INVALID_PERIOD, NO_MATCHING_GOAL, BAD_ROW)
     * @param message    names the column and the value at fault
     */
    record Rejected(String reasonCode, String message) implements RowOutcome {}
}
