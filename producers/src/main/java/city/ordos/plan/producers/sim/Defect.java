package city.ordos.plan.producers.sim;

/**
 * What is wrong with a deliberately bad event of the {@code dirty} scenario, and the dead-letter
 * reason code the streams app is expected to give it.
 */
public enum Defect {
    NONE(null),
    /** A unit no table knows. */
    UNKNOWN_UNIT("UNKNOWN_UNIT"),
    /** A real unit of the wrong dimension (万千瓦 for an amount of money). */
    UNIT_MISMATCH("UNIT_MISMATCH"),
    /** A negative completed amount. */
    NEGATIVE_AMOUNT("NEGATIVE_AMOUNT"),
    /** An event time outside the plan year. */
    OUTSIDE_PLAN_YEAR("OUTSIDE_PLAN_YEAR"),
    /** Bytes that are not registry-framed Avro at all. */
    NOT_AVRO("NOT_AVRO"),
    /**
     * A county the contract does not know. County is a closed Avro enum, so such a statement can
     * only arrive as a record whose county index lies outside the enum: the publisher patches the
     * encoded index, and the consumer fails to decode it.
     */
    UNKNOWN_COUNTY("UNKNOWN_COUNTY");

    private final String expectedReason;

    Defect(String expectedReason) {
        this.expectedReason = expectedReason;
    }

    /** The reasonCode a dead letter for this event should carry; null for good events. */
    public String expectedReason() {
        return expectedReason;
    }
}
