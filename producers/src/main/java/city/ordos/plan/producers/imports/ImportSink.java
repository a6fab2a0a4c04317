package city.ordos.plan.producers.imports;

import city.ordos.plan.avro.DeadLetter;
import org.apache.avro.specific.SpecificRecord;

/** Where an import's good rows and rejected rows go (Kafka in production; a list in unit tests). */
public interface ImportSink {

    /** @param event an {@code InvestmentReport} or a {@code StatisticsRelease} */
    void publish(String key, SpecificRecord event);

    /**
     * As {@link #publish(String, SpecificRecord)}, for a row of {@code file} at {@code line}: a sink
     * that can carry the origin with the event does (record headers {@code ImportHeaders}).
     */
    default void publish(String key, SpecificRecord event, String file, long line) {
        publish(key, event);
    }

    void reject(String key, DeadLetter deadLetter);
}
