package city.ordos.plan.producers.imports;

import city.ordos.plan.avro.DeadLetter;
import city.ordos.plan.avro.InvestmentReport;

/** Where an import's good rows and rejected rows go (Kafka in production; a list in unit tests). */
public interface ImportSink {

    void publish(String key, InvestmentReport report);

    void reject(String key, DeadLetter deadLetter);
}
