package city.ordos.plan.metrics;

/**
 * What the progress pipeline reports about its own flow. The topology calls it; it has no Kafka
 * or Micrometer types so processors stay testable with {@link #NONE}.
 */
public interface PipelineMetrics {

    /** One record read from an input topic (before validation). */
    void inputRecord(String topic);

    /** One input record sent to the dead-letter topic, with its reason code. */
    void deadLettered(String reasonCode);

    /**
     * A progress figure was emitted because of an input record appended to the log at
     * {@code appendTimeMillis} (the input record's timestamp); {@code emittedAtMillis} is now.
     */
    void progressEmitted(long appendTimeMillis, long emittedAtMillis);

    PipelineMetrics NONE = new PipelineMetrics() {
        @Override
        public void inputRecord(String topic) {}

        @Override
        public void deadLettered(String reasonCode) {}

        @Override
        public void progressEmitted(long appendTimeMillis, long emittedAtMillis) {}
    };
}
