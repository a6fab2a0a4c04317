package city.ordos.plan.deadletters;

import java.util.List;

/**
 * The dead-letter reason codes the streams app writes, one per distinct problem, in the order the
 * intake checks them. {@code DeadLetter.avsc}'s doc and docs/topology.md list exactly these
 * ({@code DeadLetterReasonsDocTest}); each is produced by {@code DeadLetterReasonsTopologyTest}.
 */
public final class ReasonCodes {

    /** The record has no value (null, a tombstone on an input topic). */
    public static final String NO_VALUE = "NO_VALUE";
    /** The value is larger than {@code ordos.validation.max.record.bytes}. */
    public static final String OVERSIZED = "OVERSIZED";
    /** Not schema-registry framed Avro, or a body that does not decode with its schema. */
    public static final String NOT_AVRO = "NOT_AVRO";
    /** The schema id is not known to the registry. */
    public static final String UNKNOWN_SCHEMA_ID = "UNKNOWN_SCHEMA_ID";
    /** The writer schema is another record type than the topic carries. */
    public static final String WRONG_TYPE = "WRONG_TYPE";
    /** The writer schema's fields cannot be read without changing their meaning (e.g. a decimal of scale 2). */
    public static final String INCOMPATIBLE_WRITER_SCHEMA = "INCOMPATIBLE_WRITER_SCHEMA";
    /** header.county is an index outside the nine county-level units. */
    public static final String UNKNOWN_COUNTY = "UNKNOWN_COUNTY";
    /** quantity.value's bytes are not a decimal (empty). */
    public static final String INVALID_DECIMAL = "INVALID_DECIMAL";
    /** A required text field is empty or blank. */
    public static final String MISSING_FIELD = "MISSING_FIELD";
    /** The record key is not header.sourceId. */
    public static final String KEY_MISMATCH = "KEY_MISMATCH";
    /** No goal selects the record's (stream, metric, category). */
    public static final String NO_MATCHING_GOAL = "NO_MATCHING_GOAL";
    /** The statement shape is not the one the goal reads. */
    public static final String STATEMENT_MISMATCH = "STATEMENT_MISMATCH";
    /** A flow's period is neither an ISO month nor an ISO day. */
    public static final String INVALID_PERIOD = "INVALID_PERIOD";
    /** Event time (or a flow's period) outside the goal's plan year. */
    public static final String OUTSIDE_PLAN_YEAR = "OUTSIDE_PLAN_YEAR";
    /** header.eventTime later than header.reportedAt, or than the wall clock, beyond the tolerance. */
    public static final String FUTURE_EVENT = "FUTURE_EVENT";
    /** header.reportedAt later than the wall clock beyond the tolerance. */
    public static final String FUTURE_REPORT = "FUTURE_REPORT";
    /** A negative amount in a stream that states amounts (only statistics releases may be negative). */
    public static final String NEGATIVE_AMOUNT = "NEGATIVE_AMOUNT";
    /** |amount| beyond the statement limit, as stated or in the goal's unit. */
    public static final String AMOUNT_TOO_LARGE = "AMOUNT_TOO_LARGE";
    /** The unit is not a unit the product knows. */
    public static final String UNKNOWN_UNIT = "UNKNOWN_UNIT";
    /** The unit measures something else than the goal's unit. */
    public static final String UNIT_MISMATCH = "UNIT_MISMATCH";
    /** Applying the statement would push an input partition's sum for the goal beyond the sum limit. */
    public static final String SUM_LIMIT_EXCEEDED = "SUM_LIMIT_EXCEEDED";
    /** An unexpected failure while processing or writing the record (the processing-error policy). */
    public static final String PROCESSING_FAILED = "PROCESSING_FAILED";

    /** Every code the streams app writes, in check order. */
    public static final List<String> STREAMS_APP = List.of(
            NO_VALUE,
            OVERSIZED,
            NOT_AVRO,
            UNKNOWN_SCHEMA_ID,
            WRONG_TYPE,
            INCOMPATIBLE_WRITER_SCHEMA,
            UNKNOWN_COUNTY,
            INVALID_DECIMAL,
            MISSING_FIELD,
            KEY_MISMATCH,
            NO_MATCHING_GOAL,
            STATEMENT_MISMATCH,
            INVALID_PERIOD,
            OUTSIDE_PLAN_YEAR,
            FUTURE_EVENT,
            FUTURE_REPORT,
            NEGATIVE_AMOUNT,
            AMOUNT_TOO_LARGE,
            UNKNOWN_UNIT,
            UNIT_MISMATCH,
            SUM_LIMIT_EXCEEDED,
            PROCESSING_FAILED);

    private ReasonCodes() {}
}
