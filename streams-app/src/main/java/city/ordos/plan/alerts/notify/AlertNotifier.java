package city.ordos.plan.alerts.notify;

import city.ordos.plan.avro.DeadLetter;
import city.ordos.plan.avro.GoalAlert;
import city.ordos.plan.registry.AvroSerdes;
import city.ordos.plan.topics.OrdosTopics;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the goal-alerts topic to the configured webhooks, outside the stream processing: one
 * thread and one consumer group per receiver (read_committed, so only alerts of committed stream
 * transactions are sent), failures recorded on the dead-letter topic. See {@link ReceiverWorker}
 * for the delivery guarantee.
 */
public final class AlertNotifier implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AlertNotifier.class);
    private static final int MAX_POLL_RECORDS = 10;
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);

    private final NotifierConfig config;
    private final Map<String, Object> kafka;
    private final AvroSerdes serdes;
    private final MeterRegistry meters;
    private final SilenceRegistry silences;
    private final Clock clock;
    private final WebhookDelivery.Sleeper sleeper;
    private final HttpClient http;
    private final List<ReceiverWorker> workers = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private FailedDeliveryRecorder failures;

    /**
     * @param kafka    client settings shared by the consumers and the dead-letter producer
     *                 (bootstrap.servers, security); group, isolation and commit settings are the notifier's
     * @param silences shared with whoever manages silences at run time (the API)
     */
    public AlertNotifier(
            NotifierConfig config,
            Map<String, ?> kafka,
            AvroSerdes serdes,
            MeterRegistry meters,
            SilenceRegistry silences,
            Clock clock) {
        this(config, kafka, serdes, meters, silences, clock, d -> Thread.sleep(d.toMillis()));
    }

    AlertNotifier(
            NotifierConfig config,
            Map<String, ?> kafka,
            AvroSerdes serdes,
            MeterRegistry meters,
            SilenceRegistry silences,
            Clock clock,
            WebhookDelivery.Sleeper sleeper) {
        this.config = config;
        this.kafka = new HashMap<>(kafka);
        this.serdes = serdes;
        this.meters = meters;
        this.silences = silences;
        this.clock = clock;
        this.sleeper = sleeper;
        this.http = HttpClient.newBuilder()
                .connectTimeout(config.retry().requestTimeout())
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        config.silences().forEach(silences::silence);
    }

    public synchronized void start() {
        if (!threads.isEmpty()) {
            throw new IllegalStateException("notifier already started");
        }
        OrdosTopics topics = OrdosTopics.withPrefix(config.topicPrefix());
        failures = new DeadLetterRecorder(
                deadLetterProducer(), topics.deadLetters().name(), clock);
        AlertPayloads payloads = new AlertPayloads(config.alertmanagerActiveFor());
        for (ReceiverConfig receiver : config.receivers()) {
            WebhookDelivery delivery =
                    new WebhookDelivery(receiver, http, config.retry(), payloads, silences, meters, clock, sleeper);
            Deserializer<GoalAlert> deserializer =
                    serdes.valueSerde(GoalAlert.class).deserializer();
            ReceiverWorker worker = new ReceiverWorker(
                    delivery, consumer(receiver), topics.alerts().name(), deserializer, failures);
            Thread thread = new Thread(worker, "alert-notifier-" + receiver.name());
            thread.setUncaughtExceptionHandler((t, e) -> LOG.error(
                    "Alert delivery thread {} died; its receiver gets nothing until restart", t.getName(), e));
            workers.add(worker);
            threads.add(thread);
            thread.start();
        }
        LOG.info(
                "Alert notifier delivering {} to {} receiver(s): {}",
                topics.alerts().name(),
                config.receivers().size(),
                config.receivers().stream().map(ReceiverConfig::name).toList());
    }

    /** Stops delivery; an alert being delivered is not committed and will be delivered again. */
    @Override
    public synchronized void close() {
        workers.forEach(ReceiverWorker::stop);
        try {
            for (Thread thread : threads) {
                thread.join(STOP_GRACE.toMillis());
                if (thread.isAlive()) {
                    thread.interrupt(); // waiting between retries or on a slow receiver
                    thread.join(STOP_GRACE.toMillis());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (failures != null) {
            failures.close();
        }
        workers.clear();
        threads.clear();
    }

    private KafkaConsumer<String, byte[]> consumer(ReceiverConfig receiver) {
        Map<String, Object> props = new HashMap<>(kafka);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId() + "." + receiver.name());
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, config.groupId() + "." + receiver.name());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, config.autoOffsetReset());
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, MAX_POLL_RECORDS);
        // A whole batch may be retried to the end before the next poll; the group must not evict us meanwhile.
        long worstBatch = config.retry()
                .worstCase()
                .multipliedBy(MAX_POLL_RECORDS)
                .plusMinutes(1)
                .toMillis();
        props.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, (int)
                Math.min(Integer.MAX_VALUE, Math.max(300_000L, worstBatch)));
        return new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    }

    private KafkaProducer<String, DeadLetter> deadLetterProducer() {
        Map<String, Object> props = new HashMap<>(kafka);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, config.groupId() + ".dead-letters");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return new KafkaProducer<>(
                props,
                new StringSerializer(),
                serdes.valueSerde(DeadLetter.class).serializer());
    }
}
