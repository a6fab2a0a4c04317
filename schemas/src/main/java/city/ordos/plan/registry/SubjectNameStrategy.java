package city.ordos.plan.registry;

import org.apache.avro.Schema;

/**
 * Chooses the registry subject a record's schema is registered and looked up under.
 * Selected with {@code key.subject.name.strategy} / {@code value.subject.name.strategy}, by our
 * class names or Confluent's ({@code io.confluent.kafka.serializers.subject.TopicNameStrategy}, ...).
 */
@FunctionalInterface
public interface SubjectNameStrategy {

    String subjectName(String topic, boolean isKey, Schema schema);

    /** {@code <topic>-key} / {@code <topic>-value}: one schema lineage per topic (the default). */
    final class TopicNameStrategy implements SubjectNameStrategy {
        @Override
        public String subjectName(String topic, boolean isKey, Schema schema) {
            if (topic == null) {
                throw new IllegalArgumentException("TopicNameStrategy needs a topic name");
            }
            return topic + (isKey ? "-key" : "-value");
        }
    }

    /** The record's full name: one lineage per record type, shared by every topic carrying it. */
    final class RecordNameStrategy implements SubjectNameStrategy {
        @Override
        public String subjectName(String topic, boolean isKey, Schema schema) {
            return schema.getFullName();
        }
    }

    /** {@code <topic>-<record full name>}: several record types per topic, each with its own lineage. */
    final class TopicRecordNameStrategy implements SubjectNameStrategy {
        @Override
        public String subjectName(String topic, boolean isKey, Schema schema) {
            if (topic == null) {
                throw new IllegalArgumentException("TopicRecordNameStrategy needs a topic name");
            }
            return topic + "-" + schema.getFullName();
        }
    }
}
