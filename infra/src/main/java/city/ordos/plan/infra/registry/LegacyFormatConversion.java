package city.ordos.plan.infra.registry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the storage topic, converting it once, on the first start after an upgrade, from this
 * registry's first format to Confluent's. The first format had records of its own key type
 * ({@code SCHEMA_ID}) and wrote the global config key with {@code "subject":null}; Confluent's
 * registry stops reading at an unknown key type. Deleting such records would not be enough (the
 * tombstones carry the same key type until compaction removes them), so the topic is rewritten:
 *
 * <ol>
 *   <li>its current contents, in Confluent's format, are written to a staging topic
 *       {@code <topic>-ordos-conversion};
 *   <li>the topic is deleted and created again, and the converted records are written to it in
 *       one transaction;
 *   <li>the staging topic is deleted.
 * </ol>
 *
 * A start that finds the staging topic finishes an interrupted conversion from it. Every subject,
 * version, id, soft delete and config survives; the schemas of ids whose every version was
 * permanently deleted (kept only by {@code SCHEMA_ID} records) are dropped, as Confluent's
 * registry drops them.
 */
final class LegacyFormatConversion {

    private static final Logger LOG = LoggerFactory.getLogger(LegacyFormatConversion.class);
    private static final Duration TOPIC_DELETION_TIMEOUT = Duration.ofSeconds(60);

    private LegacyFormatConversion() {}

    /** The storage log of {@code topic}, read to its end, in Confluent's format. */
    static KafkaSchemaLog open(Map<String, Object> clientConfig, String topic) {
        String staging = stagingTopic(topic);
        KafkaSchemaLog log = new KafkaSchemaLog(clientConfig, topic);
        try {
            log.catchUp(entry -> {});
            Map<String, String> records = log.committedRecords();
            boolean legacy = records.entrySet().stream().anyMatch(e -> isLegacy(e.getKey(), e.getValue()));
            boolean interrupted = topicExists(clientConfig, staging);
            if (!legacy && !interrupted) {
                return log;
            }
            log.close();
            if (legacy) {
                List<LogEntry> converted = converted(records);
                LOG.warn(
                        "Converting the schema storage topic {} to Confluent's format ({} records, via {})",
                        topic,
                        converted.size(),
                        staging);
                deleteTopic(clientConfig, staging);
                try (KafkaSchemaLog stagingLog = new KafkaSchemaLog(clientConfig, staging)) {
                    stagingLog.append(converted);
                }
                deleteTopic(clientConfig, topic);
            }
            finishFromStaging(clientConfig, topic, staging);
            log = new KafkaSchemaLog(clientConfig, topic);
            log.catchUp(entry -> {});
            return log;
        } catch (RuntimeException e) {
            log.close();
            throw e;
        }
    }

    static String stagingTopic(String topic) {
        return topic + "-ordos-conversion";
    }

    /**
     * A record Confluent's registry cannot read, or whose key it writes with other bytes (compaction
     * would then keep both): anything but a known key type written exactly as {@link LogCodec} writes it.
     */
    static boolean isLegacy(String key, String value) {
        Optional<String> keyType = LogCodec.keyType(key);
        if (keyType.isPresent() && LogCodec.LEGACY_SCHEMA_ID_KEY_TYPE.equals(keyType.get())) {
            return true;
        }
        return LogCodec.decode(key, value)
                .filter(entry -> !(entry instanceof LogEntry.SubjectDeleted))
                .map(entry -> !LogCodec.encode(entry).key().equals(key))
                .orElse(false);
    }

    private static List<LogEntry> converted(Map<String, String> records) {
        List<LogEntry> entries = new ArrayList<>();
        int droppedIds = 0;
        for (Map.Entry<String, String> record : records.entrySet()) {
            Optional<LogEntry> entry = LogCodec.decode(record.getKey(), record.getValue());
            if (entry.isPresent()) {
                entries.add(entry.get());
            } else if (LogCodec.keyType(record.getKey())
                    .filter(LogCodec.LEGACY_SCHEMA_ID_KEY_TYPE::equals)
                    .isPresent()) {
                droppedIds++;
            }
        }
        LOG.info("{} schema id records of the first format are folded into their subject versions", droppedIds);
        return entries;
    }

    /** Copies the staged records into the (re-created, empty) topic, unless it already holds them, then drops the staging topic. */
    private static void finishFromStaging(Map<String, Object> clientConfig, String topic, String staging) {
        List<LogEntry> staged = new ArrayList<>();
        try (KafkaSchemaLog stagingLog = new KafkaSchemaLog(clientConfig, staging)) {
            stagingLog.catchUp(staged::add);
        }
        try (KafkaSchemaLog target = new KafkaSchemaLog(clientConfig, topic)) {
            target.catchUp(entry -> {});
            if (target.committedRecords().isEmpty() && !staged.isEmpty()) {
                target.append(staged);
            }
        }
        deleteTopic(clientConfig, staging);
        LOG.info("Schema storage topic {} is in Confluent's format ({} records)", topic, staged.size());
    }

    private static boolean topicExists(Map<String, Object> clientConfig, String topic) {
        try (Admin admin = Admin.create(clientConfig)) {
            return topicNames(admin).contains(topic);
        }
    }

    /** Deletes the topic if it exists and waits until the broker has let go of it. */
    private static void deleteTopic(Map<String, Object> clientConfig, String topic) {
        try (Admin admin = Admin.create(clientConfig)) {
            try {
                admin.deleteTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw new IllegalStateException("cannot delete " + topic, e.getCause());
                }
            }
            long deadline = System.nanoTime() + TOPIC_DELETION_TIMEOUT.toNanos();
            while (topicNames(admin).contains(topic)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(topic + " is still listed " + TOPIC_DELETION_TIMEOUT
                            + " after its deletion; the conversion resumes on the next start");
                }
                TimeUnit.MILLISECONDS.sleep(100); // polling the broker's metadata, not waiting for a guess
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while deleting " + topic, e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("no answer deleting " + topic, e);
        }
    }

    private static Set<String> topicNames(Admin admin) {
        try {
            return admin.listTopics(new ListTopicsOptions().listInternal(true))
                    .names()
                    .get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while listing topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot list topics", e);
        }
    }
}
