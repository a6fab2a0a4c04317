package city.ordos.plan.producers.imports;

import city.ordos.plan.avro.DeadLetter;
import city.ordos.plan.avro.InvestmentReport;

import java.util.ArrayList;
import java.util.List;

final class CollectingSink implements ImportSink {

    final List<InvestmentReport> published = new ArrayList<>();
    final List<String> publishedKeys = new ArrayList<>();
    final List<DeadLetter> rejected = new ArrayList<>();
    final List<String> rejectedKeys = new ArrayList<>();

    @Override
    public void publish(String key, InvestmentReport report) {
        publishedKeys.add(key);
        published.add(report);
    }

    @Override
    public void reject(String key, DeadLetter deadLetter) {
        rejectedKeys.add(key);
        rejected.add(deadLetter);
    }
}
