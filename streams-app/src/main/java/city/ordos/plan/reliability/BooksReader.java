package city.ordos.plan.reliability;

import city.ordos.plan.avro.DeadLetter;
import city.ordos.plan.avro.EnergyReading;
import city.ordos.plan.avro.EnvironmentReading;
import city.ordos.plan.avro.GoalDefinition;
import city.ordos.plan.avro.GoalProgress;
import city.ordos.plan.avro.InputStream;
import city.ordos.plan.avro.InvestmentReport;
import city.ordos.plan.avro.StatisticsRelease;
import city.ordos.plan.registry.AvroSerdes;
import city.ordos.plan.registry.SchemaNotFoundException;
import city.ordos.plan.registry.SchemaRegistryException;
import city.ordos.plan.registry.WriterSchemaCheck;
import city.ordos.plan.reliability.Reconciliation.RecordId;
import city.ordos.plan.reliability.Reconciliation.Statement;
import city.ordos.plan.reliability.StatementMatcher.InputRecord;
import city.ordos.plan.topics.OrdosTopics;
import city.ordos.plan.topics.TopicSpec;
import city.ordos.plan.units.UnitTable;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads the books from the broker and checks that they balance: the four input topics, the
 * dead-letter topic, the goal catalog and the latest progress per goal, all {@code read_committed}
 * and from the beginning up to the end offsets taken when each read starts. Input records are
 * decoded with the registry and turned into statements by {@link StatementMatcher} (not by the
 * topology's code); {@link Reconciliation} does the arithmetic.
 *
 * <p>Inputs are read up to their end offsets, not up to the application's committed offsets: an
 * application that stopped consuming must not pass. The committed offsets of the application's
 * consumer group, when its id is given, only tell how many of those records it had not processed
 * yet, so that a check run against a lagging application says so. Run it when producers are idle
 * and the application has caught up (or retry until it balances): progress read after the inputs may
 * already reflect records appended in between.
 */
public final class BooksReader {

    private static final String SUM_LIMIT_EXCEEDED = "SUM_LIMIT_EXCEEDED";
    private static final String PROCESSING_FAILED = "PROCESSING_FAILED";

    /**
     * @param applicationId   the streams application id (its consumer group) to measure lag against; null: not measured
     * @param futureTolerance same meaning as {@code ordos.validation.future.tolerance.ms}
     * @param maxRecordBytes  same meaning as {@code ordos.validation.max.record.bytes}
     * @param readTimeout     how long one topic may take to read to its end offsets
     * @param clock           "now" for the future-event rule
     */
    public record Settings(
            String applicationId, Duration futureTolerance, int maxRecordBytes, Duration readTimeout, Clock clock) {
        /** The streams app's defaults (1 day future tolerance, 1,000,000-byte records), two minutes per topic. */
        public static Settings defaults(String applicationId) {
            return new Settings(applicationId, Duration.ofDays(1), 1_000_000, Duration.ofMinutes(2), Clock.systemUTC());
        }
    }

    private BooksReader() {}

    /** {@link #reconcile(Map, OrdosTopics, Settings)} with the defaults and no lag measurement. */
    public static ReconciliationReport reconcile(Map<String, Object> clientConfig, OrdosTopics topics) {
        return reconcile(clientConfig, topics, Settings.defaults(null));
    }

    /**
     * Reads everything and checks it.
     *
     * @param clientConfig Kafka client settings (bootstrap.servers, security ...) and schema.registry.url;
     *                     consumer-group settings are ignored (partitions are assigned, nothing is committed)
     */
    public static ReconciliationReport reconcile(
            Map<String, Object> clientConfig, OrdosTopics topics, Settings settings) {
        long started = System.nanoTime();
        AvroSerdes serdes = new AvroSerdes(clientConfig);
        Map<String, Object> consumerConfig = new HashMap<>(clientConfig);
        consumerConfig.remove(ConsumerConfig.GROUP_ID_CONFIG);
        consumerConfig.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        consumerConfig.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumerConfig.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        consumerConfig.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "ordos-reconcile");

        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(consumerConfig, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            // 1. Inputs: the snapshot everything else is checked against.
            InputDecoding decoding = new InputDecoding(serdes);
            Map<String, InputStream> streamOf = new HashMap<>();
            for (InputStream s : InputStream.values()) {
                streamOf.put(topics.input(s).name(), s);
            }
            List<InputRecord> inputs = new ArrayList<>();
            Map<String, Long> perTopic = new LinkedHashMap<>();
            topics.inputs().forEach(t -> perTopic.put(t.name(), 0L));
            Map<TopicPartition, Long> inputEnds = read(consumer, perTopic.keySet(), settings.readTimeout(), r -> {
                InputStream stream = streamOf.get(r.topic());
                RecordId id = new RecordId(r.topic(), r.partition(), r.offset());
                String key = r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8);
                inputs.add(new InputRecord(
                        id,
                        stream,
                        key,
                        r.value() == null ? 0 : r.value().length,
                        decoding.decode(stream, r.topic(), r.value())));
                perTopic.merge(r.topic(), 1L, Long::sum);
            });

            // 2. The catalog (compacted: the last value per key wins, a tombstone removes).
            Map<String, GoalDefinition> catalog = latest(consumer, topics.goals(), serdes, settings);

            // 3. The dead letters.
            Deserializer<DeadLetter> dlq = serdes.valueSerde(DeadLetter.class).deserializer();
            List<RecordId> deadLettered = new ArrayList<>();
            Map<RecordId, Set<String>> refusedBySumLimit = new HashMap<>();
            Set<RecordId> failed = new TreeSet<>(Comparator.comparing(RecordId::topic)
                    .thenComparingInt(RecordId::partition)
                    .thenComparingLong(RecordId::offset));
            Set<RecordId> seen = new HashSet<>();
            Set<RecordId> duplicates = new HashSet<>();
            Map<String, Long> byReason = new TreeMap<>();
            long[] other = {0};
            read(consumer, List.of(topics.deadLetters().name()), settings.readTimeout(), r -> {
                DeadLetter d = r.value() == null ? null : dlq.deserialize(r.topic(), r.value());
                if (d == null
                        || d.getSourceTopic() == null
                        || d.getSourcePartition() == null
                        || d.getSourceOffset() == null) {
                    other[0]++;
                    return;
                }
                RecordId id = new RecordId(d.getSourceTopic(), d.getSourcePartition(), d.getSourceOffset());
                Long end = inputEnds.get(new TopicPartition(id.topic(), id.partition()));
                if (end != null && id.offset() >= end) {
                    other[0]++; // about a record appended after the inputs were read
                    return;
                }
                if (!seen.add(id)) {
                    duplicates.add(id);
                }
                deadLettered.add(id);
                byReason.merge(d.getReasonCode(), 1L, Long::sum);
                if (d.getReasonCode().equals(SUM_LIMIT_EXCEEDED)
                        || d.getMessage().contains(SUM_LIMIT_EXCEEDED)) {
                    refusedBySumLimit.computeIfAbsent(id, k -> new HashSet<>()).addAll(d.getGoals());
                }
                if (d.getReasonCode().equals(PROCESSING_FAILED)) {
                    failed.add(id);
                }
            });

            // 4. The latest published progress per goal.
            Map<String, GoalProgress> published = latest(consumer, topics.progress(), serdes, settings);
            long appended = 0;
            for (Map.Entry<TopicPartition, Long> now : consumer.endOffsets(inputEnds.keySet(), settings.readTimeout())
                    .entrySet()) {
                appended += now.getValue() - inputEnds.get(now.getKey());
            }

            StatementMatcher matcher = new StatementMatcher(
                    catalog.values(),
                    UnitTable.standard(),
                    settings.clock().instant(),
                    settings.futureTolerance(),
                    settings.maxRecordBytes());
            List<Statement> statements = new ArrayList<>();
            long usable = 0;
            long refused = 0;
            for (InputRecord r : inputs) {
                List<Statement> s = new ArrayList<>(matcher.statements(r));
                // Whether a statement would push a partial sum over the limit depends on the order the
                // application met the statements of its input partition: taken from its dead letter.
                Set<String> refusedGoals = refusedBySumLimit.getOrDefault(r.id(), Set.of());
                int before = s.size();
                s.removeIf(st -> refusedGoals.contains(st.goalKey()));
                refused += before - s.size();
                // A record the application failed on was skipped whole: it is in no figure, and the
                // report names it, since nothing here can tell whether it should have been.
                if (failed.contains(r.id())) {
                    s.clear();
                }
                usable += s.isEmpty() ? 0 : 1;
                statements.addAll(s);
            }
            List<RecordId> ids = inputs.stream().map(InputRecord::id).toList();
            Reconciliation.Result result =
                    Reconciliation.check(ids, deadLettered, statements, catalog, published, UnitTable.standard());
            long unprocessed = -1;
            ReconciliationReport.Application application = null;
            if (settings.applicationId() != null) {
                Map<TopicPartition, Long> next = committed(clientConfig, settings.applicationId(), inputEnds.keySet());
                unprocessed = ids.stream()
                        .filter(id ->
                                id.offset() >= next.getOrDefault(new TopicPartition(id.topic(), id.partition()), 0L))
                        .count();
                application = application(clientConfig, settings.applicationId(), next, inputs);
            }
            return new ReconciliationReport(
                    perTopic,
                    usable,
                    statements.size(),
                    byReason,
                    other[0],
                    duplicates,
                    catalog.size(),
                    published.size(),
                    unprocessed,
                    application,
                    appended,
                    refused,
                    failed,
                    result,
                    Duration.ofNanos(System.nanoTime() - started));
        }
    }

    /** The group's committed offset per input partition (0 where it has committed nothing). */
    private static Map<TopicPartition, Long> committed(
            Map<String, Object> clientConfig, String groupId, Collection<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> committed;
        try (Admin admin = Admin.create(clientConfig)) {
            committed = admin.listConsumerGroupOffsets(groupId)
                    .partitionsToOffsetAndMetadata()
                    .get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "cannot read the committed offsets of consumer group " + groupId, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted reading the committed offsets of " + groupId, e);
        }
        Map<TopicPartition, Long> next = new HashMap<>();
        for (TopicPartition tp : partitions) {
            OffsetAndMetadata c = committed.get(tp);
            next.put(tp, c == null ? 0L : c.offset());
        }
        return next;
    }

    /**
     * Whether any instance is consuming, and the first record it has not processed in each input
     * partition it has not finished: for an application whose threads failed on a record, that record.
     */
    private static ReconciliationReport.Application application(
            Map<String, Object> clientConfig,
            String groupId,
            Map<TopicPartition, Long> next,
            List<InputRecord> inputs) {
        String state;
        int members;
        try (Admin admin = Admin.create(clientConfig)) {
            ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(groupId))
                    .describedGroups()
                    .get(groupId)
                    .get();
            state = group.groupState().toString();
            members = group.members().size();
        } catch (ExecutionException e) {
            state = "unknown (" + e.getCause().getMessage() + ")";
            members = -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted describing consumer group " + groupId, e);
        }
        Map<RecordId, InputRecord> byId = new HashMap<>();
        inputs.forEach(r -> byId.put(r.id(), r));
        List<String> first = new ArrayList<>();
        next.entrySet().stream()
                .sorted(Map.Entry.comparingByKey(Comparator.comparing(TopicPartition::toString)))
                .forEach(e -> {
                    InputRecord r =
                            byId.get(new RecordId(e.getKey().topic(), e.getKey().partition(), e.getValue()));
                    if (r != null) {
                        first.add(r.id() + " (key " + (r.key() == null ? "none" : "'" + abbreviate(r.key()) + "'")
                                + ", " + r.valueBytes() + " bytes)");
                    }
                });
        return new ReconciliationReport.Application(state, members, first);
    }

    private static String abbreviate(String key) {
        return key.length() <= 80 ? key : key.substring(0, 80) + "...";
    }

    private static <V extends SpecificRecord> Map<String, V> latest(
            KafkaConsumer<byte[], byte[]> consumer, TopicSpec<String, V> topic, AvroSerdes serdes, Settings settings) {
        Deserializer<V> values = serdes.valueSerde(topic.valueType()).deserializer();
        Map<String, V> latest = new TreeMap<>();
        read(consumer, List.of(topic.name()), settings.readTimeout(), r -> {
            String key = new String(r.key(), StandardCharsets.UTF_8);
            if (r.value() == null) {
                latest.remove(key);
            } else {
                latest.put(key, values.deserialize(r.topic(), r.value()));
            }
        });
        return latest;
    }

    /**
     * Every committed record of the topics from the beginning to the end offsets taken now (for
     * read_committed the last stable offsets); returns those end offsets.
     */
    static Map<TopicPartition, Long> read(
            KafkaConsumer<byte[], byte[]> consumer,
            Collection<String> topicNames,
            Duration timeout,
            Consumer<ConsumerRecord<byte[], byte[]>> each) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String t : topicNames) {
            List<PartitionInfo> infos = consumer.partitionsFor(t, timeout);
            if (infos == null || infos.isEmpty()) {
                throw new IllegalStateException("topic " + t + " does not exist");
            }
            infos.forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, timeout);
        Instant deadline = Instant.now().plus(timeout);
        while (!reached(consumer, ends)) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException(
                        "could not read " + topicNames + " to their end offsets " + ends + " within " + timeout);
            }
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                if (r.offset() < ends.get(new TopicPartition(r.topic(), r.partition()))) {
                    each.accept(r);
                }
            }
        }
        consumer.unsubscribe();
        return ends;
    }

    private static boolean reached(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> ends) {
        for (Map.Entry<TopicPartition, Long> e : ends.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Decodes input values as the contract says: registry-framed Avro whose writer schema is the
     * topic's type. Bad data decodes to null; a registry that cannot answer is an error, not bad data.
     */
    private static final class InputDecoding {
        private final AvroSerdes serdes;
        private final Map<InputStream, Deserializer<? extends SpecificRecord>> deserializers =
                new EnumMap<>(InputStream.class);

        InputDecoding(AvroSerdes serdes) {
            this.serdes = serdes;
        }

        SpecificRecord decode(InputStream stream, String topic, byte[] value) {
            if (value == null || value.length < 5 || value[0] != 0) {
                return null;
            }
            Class<? extends SpecificRecord> type = typeOf(stream);
            Schema writer;
            try {
                writer = serdes.client().getById(ByteBuffer.wrap(value, 1, 4).getInt());
            } catch (SchemaNotFoundException unknownId) {
                return null;
            }
            Schema reader = SpecificData.get().getSchema(type);
            if (!writer.getFullName().equals(reader.getFullName())
                    || !WriterSchemaCheck.problems(reader, writer).isEmpty()) {
                return null;
            }
            try {
                return deserializers
                        .computeIfAbsent(stream, s -> serdes.valueSerde(type).deserializer())
                        .deserialize(topic, value);
            } catch (SerializationException e) {
                for (Throwable c = e; c != null; c = c.getCause()) {
                    if (c instanceof SchemaRegistryException && !(c instanceof SchemaNotFoundException)) {
                        throw e;
                    }
                }
                return null;
            }
        }

        private static Class<? extends SpecificRecord> typeOf(InputStream stream) {
            return switch (stream) {
                case INVESTMENT -> InvestmentReport.class;
                case ENERGY -> EnergyReading.class;
                case ENVIRONMENT -> EnvironmentReading.class;
                case STATISTICS -> StatisticsRelease.class;
            };
        }
    }
}
