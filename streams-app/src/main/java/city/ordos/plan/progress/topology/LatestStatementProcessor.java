package city.ordos.plan.progress.topology;

import city.ordos.plan.avro.ContributionChange;
import city.ordos.plan.avro.Statement;
import city.ordos.plan.progress.StatementOrder;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps the standing statement per (goal, role, source, period) and passes on only real changes:
 * a superseding statement leaves as a {@link ContributionChange} (previous and current) keyed by
 * goal; duplicates and older statements stop here.
 */
final class LatestStatementProcessor implements Processor<String, SpecificRecord, String, ContributionChange> {

    private final String storeName;
    private ProcessorContext<String, ContributionChange> context;
    private KeyValueStore<String, Statement> statements;

    LatestStatementProcessor(String storeName) {
        this.storeName = storeName;
    }

    @Override
    public void init(ProcessorContext<String, ContributionChange> context) {
        this.context = context;
        this.statements = context.getStateStore(storeName);
    }

    @Override
    public void process(Record<String, SpecificRecord> record) {
        Statement incoming = (Statement) record.value();
        Statement held = statements.get(record.key());
        StatementOrder.Verdict verdict = StatementOrder.compare(version(held), version(incoming));
        if (verdict != StatementOrder.Verdict.SUPERSEDES) {
            return;
        }
        statements.put(record.key(), incoming);
        context.forward(record.withKey(incoming.getGoalKey()).withValue(new ContributionChange(held, incoming)));
    }

    private static StatementOrder.Version version(Statement s) {
        return s == null
                ? null
                : new StatementOrder.Version(s.getEventTime(), s.getReportedAt(), s.getValue(), s.getCounty());
    }
}
