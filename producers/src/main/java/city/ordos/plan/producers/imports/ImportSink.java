package city.ordos.plan.producers.imports;

import city.ordos.plan.avro.DeadLetter;
import org.apache.avro.specific.SpecificRecord;

/** Where an import's good rows and rejected rows go (Kafka in production; a list in unit tests). */
public interface ImportSink {

    /** @param event an {@code InvestmentReport} or a {@code StatisticsRelease} */
    void publish(String key, SpecificRecord event);

    void reject(String key, DeadLetter deadLetter);
}
