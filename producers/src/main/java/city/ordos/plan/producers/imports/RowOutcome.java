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
     * @param reason  why (its name is the dead-letter reason code; its texts say what it means)
     * @param message names the column and the value at fault
     */
    record Rejected(RejectReason reason, String message) implements RowOutcome {

        public String reasonCode() {
            return reason.name();
        }
    }
}
