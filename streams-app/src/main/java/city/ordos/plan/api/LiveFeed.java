package city.ordos.plan.api;

import city.ordos.plan.avro.DeadLetter;
import city.ordos.plan.avro.GoalAlert;
import city.ordos.plan.avro.GoalDefinition;
import city.ordos.plan.avro.GoalProgress;
import city.ordos.plan.registry.AvroSerdes;
import city.ordos.plan.topics.OrdosTopics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the goals, progress-history, goal-alerts and dead-letters topics from the beginning (every partition,
 * no consumer group, committed records only) and hands each record to its listeners. Every instance
 * reads all partitions, so any instance can serve history and alerts for every goal, and push
 * every change to its dashboards.
 */
public final class LiveFeed implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LiveFeed.class);

    /** What a listener hears; called on the feed thread, keep it quick. */
    public interface Listener {
        default void onCatalog(String key, GoalDefinition definition) {}

        default void onProgress(GoalProgress progress) {}

        default void onAlert(GoalAlert alert) {}

        default void onDeadLetter(DeadLetter letter) {}
    }

    private final OrdosTopics topics;
    private final Map<String, Object> consumerConfig;
    private final Deserializer<GoalDefinition> goals;
    private final Deserializer<GoalProgress> progress;
    private final Deserializer<GoalAlert> alerts;
    private final Deserializer<DeadLetter> deadLetters;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile KafkaConsumer<String, byte[]> consumer;
    private Thread thread;

    /** @param kafkaConfig client settings (bootstrap.servers, security ...) passed through to the consumer */
    public LiveFeed(OrdosTopics topics, Map<String, ?> kafkaConfig, AvroSerdes serdes) {
        this.topics = topics;
        Map<String, Object> cfg = new HashMap<>(kafkaConfig);
        cfg.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        cfg.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        cfg.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        cfg.remove(ConsumerConfig.GROUP_ID_CONFIG);
        this.consumerConfig = cfg;
        this.goals = serdes.valueSerde(GoalDefinition.class).deserializer();
        this.progress = serdes.valueSerde(GoalProgress.class).deserializer();
        this.alerts = serdes.valueSerde(GoalAlert.class).deserializer();
        this.deadLetters = serdes.valueSerde(DeadLetter.class).deserializer();
    }

    public LiveFeed listen(Listener listener) {
        listeners.add(listener);
        return this;
    }

    public synchronized void start() {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new ByteArrayDeserializer());
        thread = new Thread(this::run, "ordos-live-feed");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        try {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : List.of(
                    topics.goals().name(),
                    topics.progressHistory().name(),
                    topics.alerts().name(),
                    topics.deadLetters().name())) {
                for (PartitionInfo p : consumer.partitionsFor(topic, Duration.ofSeconds(60))) {
                    partitions.add(new TopicPartition(topic, p.partition()));
                }
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (running.get()) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    dispatch(r);
                }
            }
        } catch (WakeupException stopping) {
            if (running.get()) {
                throw stopping;
            }
        } catch (RuntimeException e) {
            LOG.error("live feed stopped: history, alerts and catalog views no longer update", e);
            throw e;
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void dispatch(ConsumerRecord<String, byte[]> r) {
        try {
            if (r.topic().equals(topics.goals().name())) {
                GoalDefinition d = r.value() == null ? null : goals.deserialize(r.topic(), r.value());
                listeners.forEach(l -> l.onCatalog(r.key(), d));
            } else if (r.topic().equals(topics.progressHistory().name())) {
                if (r.value() != null) {
                    GoalProgress p = progress.deserialize(r.topic(), r.value());
                    listeners.forEach(l -> l.onProgress(p));
                }
            } else if (r.topic().equals(topics.deadLetters().name())) {
                if (r.value() != null) {
                    DeadLetter d = deadLetters.deserialize(r.topic(), r.value());
                    listeners.forEach(l -> l.onDeadLetter(d));
                }
            } else if (r.value() != null) {
                GoalAlert a = alerts.deserialize(r.topic(), r.value());
                listeners.forEach(l -> l.onAlert(a));
            }
        } catch (RuntimeException e) {
            // These topics are written by this product; a record we cannot read is a bug worth
            // seeing, but it must not stop the views from following the rest.
            LOG.error(
                    "live feed: cannot use record {}-{}@{} (key {})", r.topic(), r.partition(), r.offset(), r.key(), e);
        }
    }

    @Override
    public void close() {
        if (!running.compareAndSet(true, false)) {
            return;
        }
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
