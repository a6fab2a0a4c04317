package city.ordos.plan.alerts.notify;

import city.ordos.plan.avro.AlertNotification;
import city.ordos.plan.avro.DeadLetter;
import city.ordos.plan.registry.AvroSerdes;
import city.ordos.plan.topics.OrdosTopics;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the goal-alerts topic to the configured receivers, outside the stream processing, in
 * two steps joined by a durable queue:
 *
 * <ol>
 *   <li>the planner ({@link NotifierTopology}, its own Kafka Streams application
 *       {@code <group-id>}, exactly-once) turns alert updates into messages per receiver: grouped,
 *       reminded, escalated, held outside delivery windows, silenced; and queues them on the
 *       alert-notifications topic;
 *   <li>one dispatcher per receiver ({@link ReceiverDispatcher}, own thread and consumer group
 *       {@code <group-id>.<receiver>}, read_committed) sends that receiver's messages at the pace
 *       it allows, records failures on the dead-letter topic.
 * </ol>
 */
public final class AlertNotifier implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AlertNotifier.class);
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);

    private final NotifierConfig config;
    private final Map<String, Object> kafka;
    private final AvroSerdes serdes;
    private final MeterRegistry meters;
    private final SilenceRegistry silences;
    private final Function<String, Optional<Ack>> acks;
    private final Clock clock;
    private final Sleeper sleeper;
    private final HttpClient http;
    private final List<ReceiverDispatcher> dispatchers = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private KafkaStreams planner;
    private FailedDeliveryRecorder failures;

    /**
     * @param kafka    client settings shared by the planner, the consumers and the dead-letter producer
     *                 (bootstrap.servers, security, state.dir); group, isolation and commit settings are the notifier's
     * @param silences shared with whoever manages silences at run time (the API)
     */
    public AlertNotifier(
            NotifierConfig config,
            Map<String, ?> kafka,
            AvroSerdes serdes,
            MeterRegistry meters,
            SilenceRegistry silences,
            Clock clock) {
        this(config, kafka, serdes, meters, silences, id -> Optional.empty(), clock, Sleeper.REAL);
    }

    /**
     * @param acks     acknowledgements by alert id (an {@link AckRegistry}): reminders and escalation skip acknowledged episodes
     * @param clock    wall clock of every decision (group waits, windows, pacing)
     * @param sleeper  waits on that clock
     */
    public AlertNotifier(
            NotifierConfig config,
            Map<String, ?> kafka,
            AvroSerdes serdes,
            MeterRegistry meters,
            SilenceRegistry silences,
            Function<String, Optional<Ack>> acks,
            Clock clock,
            Sleeper sleeper) {
        this.config = config;
        this.kafka = new HashMap<>(kafka);
        this.serdes = serdes;
        this.meters = meters;
        this.silences = silences;
        this.acks = acks;
        this.clock = clock;
        this.sleeper = sleeper;
        this.http = HttpClient.newBuilder()
                .connectTimeout(config.retry().requestTimeout())
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        config.silences().forEach(silences::silence);
    }

    public synchronized void start() {
        if (!threads.isEmpty() || planner != null) {
            throw new IllegalStateException("notifier already started");
        }
        OrdosTopics topics = OrdosTopics.withPrefix(config.topicPrefix());
        Map<String, DeliveryMetrics> metrics = config.receivers().stream()
                .collect(Collectors.toMap(ReceiverConfig::name, r -> new DeliveryMetrics(meters, r, clock)));
        NotificationPlanner.Observer observer =
                (receiver, item) -> metrics.get(receiver).silenced();
        planner = new KafkaStreams(
                NotifierTopology.build(
                        topics,
                        serdes,
                        config.evaluateEvery(),
                        () -> new NotificationPlanner(config.receivers(), config.contacts(), silences, acks, observer),
                        clock),
                plannerProperties());
        planner.setUncaughtExceptionHandler(e -> {
            LOG.error("Alert planner failed; replacing its thread (its state is in the changelog)", e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        planner.start();
        failures = new DeadLetterRecorder(
                deadLetterProducer(), topics.deadLetters().name(), clock);
        AlertPayloads payloads = new AlertPayloads(config.alertmanagerActiveFor());
        for (ReceiverConfig receiver : config.receivers()) {
            WebhookDelivery delivery =
                    new WebhookDelivery(receiver, http, config.retry().requestTimeout(), payloads);
            ReceiverDispatcher dispatcher = new ReceiverDispatcher(
                    delivery,
                    consumer(receiver),
                    topics.alertNotifications().name(),
                    serdes.valueSerde(AlertNotification.class).deserializer(),
                    failures,
                    config.retry(),
                    metrics.get(receiver.name()),
                    clock,
                    sleeper);
            Thread thread = new Thread(dispatcher, "alert-notifier-" + receiver.name());
            thread.setUncaughtExceptionHandler((t, e) -> LOG.error(
                    "Alert delivery thread {} died; its receiver gets nothing until restart", t.getName(), e));
            dispatchers.add(dispatcher);
            threads.add(thread);
            thread.start();
        }
        LOG.info(
                "Alert notifier planning {} into {} for {} receiver(s): {}",
                topics.alerts().name(),
                topics.alertNotifications().name(),
                config.receivers().size(),
                config.receivers().stream().map(ReceiverConfig::name).toList());
    }

    /** Stops delivery; a message being sent is not committed and will be sent again. */
    @Override
    public synchronized void close() {
        dispatchers.forEach(ReceiverDispatcher::stop);
        try {
            for (Thread thread : threads) {
                thread.join(STOP_GRACE.toMillis());
                if (thread.isAlive()) {
                    thread.interrupt(); // waiting for a slot, between retries or on a slow receiver
                    thread.join(STOP_GRACE.toMillis());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (planner != null) {
            // Leave the group: otherwise a restarted notifier waits out the planner's 45 s session
            // before it plans again (AlertDeliveryIT's restart took 48 s that way).
            if (!planner.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                    .withTimeout(Duration.ofSeconds(30)))) {
                LOG.warn("The alert planner did not close within 30 s");
            }
            planner = null;
        }
        if (failures != null) {
            failures.close();
        }
        dispatchers.clear();
        threads.clear();
    }

    private Properties plannerProperties() {
        Properties props = new Properties();
        props.putAll(kafka);
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.groupId());
        props.put(StreamsConfig.CLIENT_ID_CONFIG, config.groupId() + ".planner");
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
        props.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), config.autoOffsetReset());
        // The app's settings may name its own state directory: the planner keeps a folder of its own there.
        Object dir = kafka.get(StreamsConfig.STATE_DIR_CONFIG);
        props.put(
                StreamsConfig.STATE_DIR_CONFIG,
                dir == null
                        ? Path.of(System.getProperty("java.io.tmpdir"), "ordos-notifier")
                                .toString()
                        : Path.of(dir.toString(), "notifier").toString());
        return props;
    }

    private KafkaConsumer<String, byte[]> consumer(ReceiverConfig receiver) {
        Map<String, Object> props = new HashMap<>(kafka);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId() + "." + receiver.name());
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, config.groupId() + "." + receiver.name());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // The queue is new with the planner: each receiver starts at its beginning.
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 100);
        // One HTTP attempt at most between polls, however long the receiver keeps us waiting.
        long worstStep = config.retry().requestTimeout().plusMinutes(1).toMillis();
        props.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, (int) Math.max(300_000L, worstStep));
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
