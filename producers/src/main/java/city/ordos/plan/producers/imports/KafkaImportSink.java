package city.ordos.plan.producers.imports;

import city.ordos.plan.avro.DeadLetter;
import city.ordos.plan.avro.InvestmentReport;
import city.ordos.plan.avro.StatisticsRelease;
import city.ordos.plan.producers.EventPublisher;
import city.ordos.plan.topics.ImportHeaders;
import city.ordos.plan.topics.OrdosTopics;
import org.apache.avro.specific.SpecificRecord;

/** Good rows to their input topic, rejected rows to the dead-letter topic, through one idempotent producer. */
public final class KafkaImportSink implements ImportSink {

    private final EventPublisher publisher;
    private final OrdosTopics topics;

    public KafkaImportSink(EventPublisher publisher, OrdosTopics topics) {
        this.publisher = publisher;
        this.topics = topics;
    }

    @Override
    public void publish(String key, SpecificRecord event) {
        publisher.send(topicOf(event), key, event, null);
    }

    /** With the row's file and line as record headers: the app keeps them as the statement's provenance. */
    @Override
    public void publish(String key, SpecificRecord event, String file, long line) {
        publisher.send(topicOf(event), key, event, null, ImportHeaders.of(file, line));
    }

    private String topicOf(SpecificRecord event) {
        String topic;
        if (event instanceof InvestmentReport) {
            topic = topics.investment().name();
        } else if (event instanceof StatisticsRelease) {
            topic = topics.statistics().name();
        } else {
            throw new IllegalArgumentException("the importer publishes investment reports and statistics releases, not "
                    + event.getSchema().getFullName());
        }
        return topic;
    }

    @Override
    public void reject(String key, DeadLetter deadLetter) {
        publisher.send(topics.deadLetters().name(), key, deadLetter, null);
    }
}
