package city.ordos.plan.producers.imports;

import city.ordos.plan.avro.InvestmentReport;

/** A validated row: either the event to publish or the reason it is rejected. */
public sealed interface RowOutcome {

    record Accepted(InvestmentReport report) implements RowOutcome {
    }

    /**
     * @param reasonCode one of the dead-letter reason codes (MISSING_FIELD, INVALID_AMOUNT, UNKNOWN_UNIT,
     *                   UNIT_MISMATCH, UNKNOWN_COUNTY, OUTSIDE_PLAN_YEAR, BAD_ROW)
     * @param message    names the column and the value at fault
     */
    record Rejected(String reasonCode, String message) implements RowOutcome {
    }
}
