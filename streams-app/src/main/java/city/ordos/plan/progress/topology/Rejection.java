package city.ordos.plan.progress.topology;

/**
 * Why an input record cannot be used: a reason code from DeadLetter.avsc's list
 * (explained in docs/topology.md) and a message
 * naming the field and value at fault.
 */
record Rejection(String reasonCode, String message) {

    static final String NOT_AVRO = "NOT_AVRO";
    static final String UNKNOWN_SCHEMA_ID = "UNKNOWN_SCHEMA_ID";
    static final String WRONG_TYPE = "WRONG_TYPE";
    static final String MISSING_FIELD = "MISSING_FIELD";
    static final String INVALID_AMOUNT = "INVALID_AMOUNT";
    static final String UNKNOWN_COUNTY = "UNKNOWN_COUNTY";
    static final String OUTSIDE_PLAN_YEAR = "OUTSIDE_PLAN_YEAR";
    static final String FUTURE_EVENT = "FUTURE_EVENT";
    static final String OVERSIZED = "OVERSIZED";
    static final String NO_MATCHING_GOAL = "NO_MATCHING_GOAL";
    static final String KEY_MISMATCH = "KEY_MISMATCH";
    static final String STATEMENT_MISMATCH = "STATEMENT_MISMATCH";
    static final String INVALID_PERIOD = "INVALID_PERIOD";

    /** Thrown by the decoder; carries the rejection to the intake processor. */
    static final class Exception extends java.lang.Exception {
        private final Rejection rejection;

        Exception(String reasonCode, String message, Throwable cause) {
            super(message, cause, false, false);
            this.rejection = new Rejection(reasonCode, message);
        }

        Rejection rejection() {
            return rejection;
        }
    }
}
