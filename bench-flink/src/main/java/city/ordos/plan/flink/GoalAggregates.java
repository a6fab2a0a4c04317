package city.ordos.plan.flink;

import city.ordos.plan.avro.GoalAggregate;
import city.ordos.plan.registry.AvroSerdes;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;

/** Writes each figure as an Avro {@link GoalAggregate} with the registry serde, keyed by planId/goalId. */
final class GoalAggregates implements KafkaRecordSerializationSchema<GoalFigure> {

    private static final long serialVersionUID = 1L;

    private final String topic;
    private final String registryUrl;
    private transient Serializer<GoalAggregate> values;

    GoalAggregates(String topic, String registryUrl) {
        this.topic = topic;
        this.registryUrl = registryUrl;
    }

    @Override
    public void open(SerializationSchema.InitializationContext context, KafkaSinkContext sinkContext) {
        values = new AvroSerdes(Map.of("schema.registry.url", registryUrl))
                .valueSerde(GoalAggregate.class)
                .serializer();
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(GoalFigure figure, KafkaSinkContext context, Long timestamp) {
        // A goal's total (no inputPartition): the peer sums each goal in one keyed operator.
        GoalAggregate aggregate = GoalAggregate.newBuilder()
                .setGoalKey(figure.goalKey())
                .setFeed(figure.feed())
                .setNumerator(figure.numerator())
                .setDenominator(figure.denominator())
                .setByCounty(new HashMap<>(figure.byCounty()))
                .setContributions(figure.contributions())
                .setLatestEventTime(figure.latestEventTime())
                .setLatestReportedAt(figure.latestReportedAt())
                .build();
        return new ProducerRecord<>(
                topic, figure.goalKey().getBytes(StandardCharsets.UTF_8), values.serialize(topic, aggregate));
    }
}
