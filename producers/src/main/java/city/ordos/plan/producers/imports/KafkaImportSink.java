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
        publisher.send(inputTopic(event, topics), key, event, null);
    }

    /** With the row's file and line as record headers: the app keeps them as the statement's provenance. */
    @Override
    public void publish(String key, SpecificRecord event, String file, long line) {
        publisher.send(inputTopic(event, topics), key, event, null, ImportHeaders.of(file, line));
    }

    /** The input topic of an imported event (the CLI import and the web reporting publish the same way). */
    public static String inputTopic(SpecificRecord event, OrdosTopics topics) {
        if (event instanceof InvestmentReport) {
            return topics.investment().name();
        }
        if (event instanceof StatisticsRelease) {
            return topics.statistics().name();
        }
        throw new IllegalArgumentException("the importer publishes investment reports and statistics releases, not "
                + event.getSchema().getFullName());
    }

    @Override
    public void reject(String key, DeadLetter deadLetter) {
        publisher.send(topics.deadLetters().name(), key, deadLetter, null);
    }
}
