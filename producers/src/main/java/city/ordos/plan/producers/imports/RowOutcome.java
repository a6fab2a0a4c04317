package city.ordos.plan.producers.imports;

import org.apache.avro.specific.SpecificRecord;

/** A validated row: either the event to publish or the reason it is rejected. */
public sealed interface RowOutcome {

    /**
     * @param key       the event's record key (its source id)
     * @param event     an {@code InvestmentReport} or a {@code StatisticsRelease}
     * @param statement what the row states a figure of, and when it was reported, in the table's
     *                  words (e.g. {@code 项目编号 ORD-ZD-001, 截至日期 2025-06-30, 报送日期 2025-07-05}):
     *                  two rows of one table with the same statement and other content contradict
     *                  each other ({@link ConflictingRows})
     */
    record Accepted(String key, SpecificRecord event, String statement) implements RowOutcome {}

    /**
     * @param reason  why (its name is the dead-letter reason code; its texts say what it means)
     * @param message names the column and the value at fault
     */
    record Rejected(RejectReason reason, String message) implements RowOutcome {

        public String reasonCode() {
            return reason.name();
        }
    }
}
