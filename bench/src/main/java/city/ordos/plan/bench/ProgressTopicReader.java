package city.ordos.plan.bench;

import city.ordos.plan.avro.GoalProgress;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** The product's goal-progress topic, read as a user would: {@code read_committed}, registry Avro. */
final class ProgressTopicReader implements ActualReader {

    private final KafkaConsumer<String, GoalProgress> consumer;

    ProgressTopicReader(BenchEnvironment env) {
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, env.bootstrap());
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-progress-reader");
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumer = new KafkaConsumer<>(
                c,
                new StringDeserializer(),
                env.serdes().valueSerde(GoalProgress.class).deserializer());
        consumer.subscribe(Set.of(env.topics().progress().name()));
    }

    @Override
    public List<BigDecimal> poll(Duration timeout) {
        List<BigDecimal> actuals = new ArrayList<>();
        for (ConsumerRecord<String, GoalProgress> rec : consumer.poll(timeout)) {
            if (PlanYearWorkload.GOAL_KEY.equals(rec.key())
                    && rec.value() != null
                    && rec.value().getActual() != null) {
                actuals.add(rec.value().getActual());
            }
        }
        return actuals;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
