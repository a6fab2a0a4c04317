package city.ordos.plan.producers.imports;

import city.ordos.plan.avro.DeadLetter;
import city.ordos.plan.avro.InvestmentReport;
import city.ordos.plan.avro.StatisticsRelease;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;

final class CollectingSink implements ImportSink {

    final List<InvestmentReport> published = new ArrayList<>();
    final List<StatisticsRelease> releases = new ArrayList<>();
    final List<String> publishedKeys = new ArrayList<>();
    final List<DeadLetter> rejected = new ArrayList<>();
    final List<String> rejectedKeys = new ArrayList<>();
    /** "file:line" of every published row, in order. */
    final List<String> origins = new ArrayList<>();

    @Override
    public void publish(String key, SpecificRecord event) {
        publishedKeys.add(key);
        if (event instanceof StatisticsRelease release) {
            releases.add(release);
        } else {
            published.add((InvestmentReport) event);
        }
    }

    @Override
    public void publish(String key, SpecificRecord event, String file, long line) {
        origins.add(file + ":" + line);
        publish(key, event);
    }

    @Override
    public void reject(String key, DeadLetter deadLetter) {
        rejectedKeys.add(key);
        rejected.add(deadLetter);
    }
}
