package city.ordos.plan.bench;

/** The limit: Kafka's own perf tools, records of the input event's size, a topic shaped like the input topic. */
final class RawKafkaBaseline {

    static final String TOPIC = "bench-raw";

    private RawKafkaBaseline() {}

    static void measure(BenchEnvironment env, int records, int size, ResultTable results) throws Exception {
        env.createTopic(TOPIC, env.topics().investment().partitions());
        results.add(
                "raw_produce",
                "raw produce (ProducerPerformance, acks=all, idempotent)",
                KafkaPerfTools.produce(env.bootstrap(), TOPIC, records, size),
                "records/s");
        results.add(
                "raw_consume",
                "raw consume (ConsumerPerformance)",
                KafkaPerfTools.consume(env.bootstrap(), TOPIC, records),
                "records/s");
    }
}
