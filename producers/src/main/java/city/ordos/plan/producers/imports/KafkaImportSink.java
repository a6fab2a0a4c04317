package city.ordos.plan.producers.imports;

import city.ordos.plan.avro.DeadLetter;
import city.ordos.plan.avro.InvestmentReport;
import city.ordos.plan.producers.EventPublisher;
import city.ordos.plan.topics.OrdosTopics;

/** Good rows to the investment topic, rejected rows to the dead-letter topic, through one idempotent producer. */
public final class KafkaImportSink implements ImportSink {

    private final EventPublisher publisher;
    private final OrdosTopics topics;

    public KafkaImportSink(EventPublisher publisher, OrdosTopics topics) {
        this.publisher = publisher;
        this.topics = topics;
    }

    @Override
    public void publish(String key, InvestmentReport report) {
        publisher.send(topics.investment().name(), key, report, null);
    }

    @Override
    public void reject(String key, DeadLetter deadLetter) {
        publisher.send(topics.deadLetters().name(), key, deadLetter, null);
    }
}
