package city.ordos.plan.launcher.faults;

import static org.awaitility.Awaitility.await;

import city.ordos.plan.app.AppConfig;
import city.ordos.plan.avro.GoalAlert;
import city.ordos.plan.avro.GoalDefinition;
import city.ordos.plan.avro.GoalProgress;
import city.ordos.plan.infra.testing.KafkaClusterExtension;
import city.ordos.plan.launcher.CatalogPublishing;
import city.ordos.plan.producers.sim.Scenario;
import city.ordos.plan.producers.sim.ScenarioConfig;
import city.ordos.plan.registry.AvroSerdes;
import city.ordos.plan.topics.OrdosTopics;
import city.ordos.plan.topics.TopicSpec;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every fault test needs around the application under test: fresh topics and application id,
 * the published 2025 catalog, the simulator as a running producer, application JVMs joined to the
 * cluster, "caught up" as Kafka sees it (the group's committed offsets at the end of every topic it
 * reads, outputs quiet), and read_committed views of the output topics.
 */
final class FaultRig implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FaultRig.class);

    final OrdosTopics topics;
    final String applicationId;
    final List<GoalDefinition> catalog;
    private final String bootstrapServers;
    private final String registryUrl;
    private final Path workDir;
    private final Admin admin;
    private final AvroSerdes serdes;
    private final List<AppJvm> apps = new ArrayList<>();
    private final List<SimulatedFeed> feeds = new ArrayList<>();

    FaultRig(KafkaClusterExtension kafka, String registryUrl) {
        this.bootstrapServers = kafka.bootstrapServers();
        this.registryUrl = registryUrl;
        this.topics = kafka.createTopics();
        this.applicationId = topics.prefix() + "app";
        this.workDir = Paths.get(
                        "target",
                        "faults",
                        topics.prefix() + UUID.randomUUID().toString().substring(0, 4))
                .toAbsolutePath();
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
        this.serdes = new AvroSerdes(Map.of("schema.registry.url", registryUrl));
        this.catalog = CatalogPublishing.builtIn();
        CatalogPublishing.publish(catalog, clientConfig(), topics);
    }

    /** Producer + registry settings in one map (the simulator's publisher and the catalog publisher take it so). */
    Map<String, Object> clientConfig() {
        Map<String, Object> m = new HashMap<>();
        m.put("bootstrap.servers", bootstrapServers);
        m.put("schema.registry.url", registryUrl);
        m.put("acks", "all");
        m.put("enable.idempotence", "true");
        return m;
    }

    /** Consumer-side settings for readers of the cluster (the books-balance reader). */
    Map<String, Object> readerConfig() {
        return Map.of("bootstrap.servers", bootstrapServers, "schema.registry.url", registryUrl);
    }

    /**
     * The production defaults (exactly-once v2 included) plus what a test cluster needs: its
     * address, the unique topic prefix and application id, a plan clock following event time and a
     * short commit interval. Failure detection (session timeout, static membership, standby
     * replicas) is the product's own: the recovery times measured are the ones users get.
     */
    Map<String, String> appSettings() {
        Map<String, String> s = new LinkedHashMap<>();
        s.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        s.put("schema.registry.url", registryUrl);
        s.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        s.put(AppConfig.TOPIC_PREFIX, topics.prefix());
        s.put(AppConfig.CLOCK, "stream");
        s.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, "1");
        s.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "200");
        s.put("ordos.api.admin-token", "fault-test-token");
        return s;
    }

    /** The broker's settings of the app's changelog of {@code store} (Kafka Streams creates the topic). */
    Map<String, String> changelogSettings(String store) throws Exception {
        ConfigResource topic =
                new ConfigResource(ConfigResource.Type.TOPIC, applicationId + "-" + store + "-changelog");
        Config config = admin.describeConfigs(List.of(topic))
                .all()
                .get(30, TimeUnit.SECONDS)
                .get(topic);
        Map<String, String> settings = new HashMap<>();
        config.entries().forEach(e -> settings.put(e.name(), e.value()));
        return settings;
    }

    /** An application JVM (not started) with its own state directory under target/faults. */
    AppJvm app(String name) {
        AppJvm app = new AppJvm(name, appSettings(), workDir.resolve(name + "-state"), workDir.resolve("logs"));
        apps.add(app);
        return app;
    }

    /** The lagging scenario (some goals fall behind and alert) at a small size, restatements included. */
    ScenarioConfig scenario() {
        return ScenarioConfig.builder(Scenario.LAGGING, catalog)
                .topics(topics)
                .majorProjects(12)
                .otherProjects(24)
                .dirtyShare(0)
                .restatementShare(0.05)
                .build();
    }

    SimulatedFeed feed(double eventsPerSecond) {
        SimulatedFeed feed = new SimulatedFeed(scenario(), clientConfig(), eventsPerSecond);
        feeds.add(feed);
        return feed;
    }

    /** Offsets the application group has committed, per partition it reads. */
    Map<TopicPartition, Long> committed() {
        try {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(applicationId)
                    .partitionsToOffsetAndMetadata()
                    .get();
            Map<TopicPartition, Long> result = new HashMap<>();
            offsets.forEach((tp, om) -> {
                if (om != null) {
                    result.put(tp, om.offset());
                }
            });
            return result;
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot read the offsets of group " + applicationId, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Sum of committed input offsets: grows while the application makes progress. */
    long committedInputs() {
        Set<String> inputs = topics.inputs().stream().map(TopicSpec::name).collect(Collectors.toSet());
        return committed().entrySet().stream()
                .filter(e -> inputs.contains(e.getKey().topic()))
                .mapToLong(Map.Entry::getValue)
                .sum();
    }

    /**
     * Sum of committed input offsets once no transaction of the group is still open. A SIGKILLed
     * instance's last commit may still be completing: its offsets become visible only when the
     * coordinator has written the commit markers, so a plain read just after the kill can miss it
     * and see them appear later. A read_committed consumer asks for stable offsets and waits until
     * that transaction is decided (committed, or aborted by the successor or the transaction
     * timeout); it never joins the group, so the application's assignment is not disturbed.
     */
    long stableCommittedInputs() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, applicationId);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            Set<TopicPartition> partitions = new HashSet<>();
            for (TopicSpec<?, ?> input : topics.inputs()) {
                consumer.partitionsFor(input.name())
                        .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
            }
            return consumer.committed(partitions, Duration.ofSeconds(90)).values().stream()
                    .filter(Objects::nonNull)
                    .mapToLong(OffsetAndMetadata::offset)
                    .sum();
        }
    }

    /** Last stable offsets (what read_committed readers can reach) of every partition of the topics. */
    Map<TopicPartition, Long> endOffsets(Set<String> topicNames) {
        try {
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            admin.describeTopics(topicNames)
                    .allTopicNames()
                    .get()
                    .forEach((name, d) -> d.partitions()
                            .forEach(p -> request.put(new TopicPartition(name, p.partition()), OffsetSpec.latest())));
            Map<TopicPartition, Long> result = new HashMap<>();
            admin.listOffsets(request, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                    .all()
                    .get()
                    .forEach((tp, info) -> result.put(tp, info.offset()));
            return result;
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot list offsets of " + topicNames, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The broker answers a metadata request within a second. */
    boolean brokerAnswers() {
        try {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs(1000))
                    .nodes()
                    .get();
            return true;
        } catch (ExecutionException e) {
            return false; // timed out or refused: down
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Caught up: the group has committed the end of every topic it reads (inputs, its repartition
     * topics, the progress history the alert branch reads), and the outputs have not moved for
     * {@code quiet}. Fails after {@code atMost}.
     */
    void awaitCaughtUp(Duration atMost, Duration quiet, BooleanSupplier appsAlive) {
        Set<String> outputs = Set.of(
                topics.progress().name(),
                topics.progressHistory().name(),
                topics.alerts().name(),
                topics.deadLetters().name());
        long[] stableSince = {System.nanoTime()};
        Map<TopicPartition, Long>[] lastEnds = new Map[] {Map.of()};
        await("application " + applicationId + " caught up and quiet")
                .atMost(atMost)
                .pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    if (!appsAlive.getAsBoolean()) {
                        throw new IllegalStateException("an application JVM died while catching up");
                    }
                    Map<TopicPartition, Long> committed = committed();
                    Set<String> read = new HashSet<>(
                            topics.inputs().stream().map(TopicSpec::name).toList());
                    committed.keySet().forEach(tp -> read.add(tp.topic()));
                    Map<TopicPartition, Long> ends = endOffsets(read);
                    boolean consumed = ends.entrySet().stream()
                            .allMatch(e -> committed.getOrDefault(e.getKey(), 0L) >= e.getValue());
                    Map<TopicPartition, Long> outEnds = endOffsets(outputs);
                    long now = System.nanoTime();
                    if (!consumed || !outEnds.equals(lastEnds[0])) {
                        stableSince[0] = now;
                        lastEnds[0] = outEnds;
                        return false;
                    }
                    return now - stableSince[0] >= quiet.toNanos();
                });
    }

    /** Every committed record of a topic, from the beginning to its current end, in log order per partition. */
    <V extends SpecificRecord> List<ConsumerRecord<String, V>> readAll(TopicSpec<String, V> spec, Class<V> type) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<String, V>> records = new ArrayList<>();
        try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(
                props, new StringDeserializer(), serdes.valueSerde(type).deserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(spec.name()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = endOffsets(Set.of(spec.name()));
            await("read " + spec.name())
                    .atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ZERO)
                    .until(() -> {
                        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                        return partitions.stream().allMatch(tp -> consumer.position(tp) >= end.get(tp));
                    });
        }
        return records;
    }

    /** The latest progress per goal key, from the compacted progress topic. */
    Map<String, GoalProgress> latestProgress() {
        Map<String, GoalProgress> latest = new HashMap<>();
        readAll(topics.progress(), GoalProgress.class).forEach(r -> latest.put(r.key(), r.value()));
        return latest;
    }

    List<GoalProgress> history() {
        return readAll(topics.progressHistory(), GoalProgress.class).stream()
                .map(ConsumerRecord::value)
                .toList();
    }

    List<GoalAlert> alerts() {
        return readAll(topics.alerts(), GoalAlert.class).stream()
                .map(ConsumerRecord::value)
                .toList();
    }

    Path workDir() {
        return workDir;
    }

    /** Kills every application JVM still running and stops the feeds, even after a failed test. */
    @Override
    public void close() {
        RuntimeException first = null;
        for (AppJvm app : apps) {
            try {
                app.close();
            } catch (RuntimeException e) {
                first = first == null ? e : first;
            }
        }
        for (SimulatedFeed feed : feeds) {
            try {
                feed.close();
            } catch (RuntimeException e) {
                first = first == null ? e : first;
            }
        }
        admin.close();
        LOG.info("fault rig {} closed (logs in {})", applicationId, workDir);
        if (first != null) {
            throw first;
        }
    }
}
