package city.ordos.plan.timetravel.topology;

import city.ordos.plan.avro.DayDelta;
import city.ordos.plan.avro.Restatement;
import city.ordos.plan.avro.StatedValue;
import city.ordos.plan.avro.Statement;
import city.ordos.plan.avro.StatementVersion;
import city.ordos.plan.avro.StatementVersions;
import city.ordos.plan.timetravel.DayDeltas;
import city.ordos.plan.timetravel.StatementTimeline;
import city.ordos.plan.topics.ImportHeaders;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Beside the live path, on the same input task: keeps every statement's place in time
 * ({@link StatementTimeline}) and turns each change into the goal's day deltas, so the picture of
 * any past date can be summed at query time. Sees every accepted statement, including late ones
 * about earlier dates that the live path ignores (they change the past, not today). Forwards nothing.
 */
final class StatementHistoryProcessor implements Processor<String, SpecificRecord, Void, Void> {

    private KeyValueStore<String, StatementVersions> versions;
    private KeyValueStore<String, Integer> firstDays;
    private KeyValueStore<String, DayDelta> deltas;
    private KeyValueStore<String, Restatement> restatements;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        versions = context.getStateStore(TimeTravelTopology.VERSIONS_STORE);
        firstDays = context.getStateStore(TimeTravelTopology.FIRST_DAYS_STORE);
        deltas = context.getStateStore(TimeTravelTopology.DAY_DELTAS_STORE);
        restatements = context.getStateStore(TimeTravelTopology.RESTATEMENTS_STORE);
    }

    @Override
    public void process(Record<String, SpecificRecord> record) {
        Statement s = (Statement) record.value();
        StatementVersions held = versions.get(record.key());
        List<StatementVersion> list = held == null ? new ArrayList<>() : new ArrayList<>(held.getVersions());
        StatementTimeline.Outcome outcome = StatementTimeline.apply(
                list,
                s,
                new StatementTimeline.Origin(
                        ImportHeaders.file(record.headers()).orElse(null),
                        ImportHeaders.line(record.headers()).orElse(null),
                        ImportHeaders.submission(record.headers()).orElse(null),
                        ImportHeaders.submittedBy(record.headers()).orElse(null),
                        ImportHeaders.approvedBy(record.headers()).orElse(null)));
        if (!outcome.changed()) {
            return;
        }
        versions.put(record.key(), new StatementVersions(list));

        String goal = s.getGoalKey();
        String role = s.getRole();
        Map<Integer, DayDelta> touched = new HashMap<>();
        String sourceKey = TimeTravelTopology.sourceKey(goal, role, s.getSourceId());
        Integer first = firstDays.get(sourceKey);
        if (first == null || outcome.day() < first) {
            firstDays.put(sourceKey, outcome.day());
            DayDeltas.addSources(delta(goal, outcome.day(), touched), role, +1);
            if (first != null) {
                DayDeltas.addSources(delta(goal, first, touched), role, -1);
            }
        }
        StatementTimeline.Step step = outcome.step();
        if (step != null) {
            DayDeltas.applyStep(
                    role,
                    step,
                    delta(goal, step.from(), touched),
                    step.until() == null ? null : delta(goal, step.until(), touched));
        }
        DayDeltas.observe(delta(goal, outcome.day(), touched), s.getEventTime(), s.getReportedAt());
        touched.forEach((day, d) -> deltas.put(TimeTravelTopology.dayKey(goal, LocalDate.ofEpochDay(day)), d));

        if (outcome.restated()) {
            recordRestatement(s, outcome.replaced());
        }
    }

    private DayDelta delta(String goal, int day, Map<Integer, DayDelta> touched) {
        return touched.computeIfAbsent(day, d -> {
            DayDelta stored = deltas.get(TimeTravelTopology.dayKey(goal, LocalDate.ofEpochDay(d)));
            return stored != null ? stored : DayDeltas.empty();
        });
    }

    private void recordRestatement(Statement s, StatementVersion replaced) {
        String key = TimeTravelTopology.restatementKey(
                s.getGoalKey(), s.getRole(), s.getSourceId(), s.getPeriod(), s.getEventTime());
        Restatement held = restatements.get(key);
        StatedValue latest = new StatedValue(
                s.getValue(),
                s.getReportedAt(),
                s.getEventId(),
                s.getSourceTopic(),
                s.getSourcePartition(),
                s.getSourceOffset());
        StatedValue first = held != null
                ? held.getFirst()
                : new StatedValue(
                        replaced.getValue(),
                        replaced.getReportedAt(),
                        replaced.getEventId(),
                        replaced.getSourceTopic(),
                        replaced.getSourcePartition(),
                        replaced.getSourceOffset());
        restatements.put(
                key,
                Restatement.newBuilder()
                        .setGoalKey(s.getGoalKey())
                        .setRole(s.getRole())
                        .setSourceId(s.getSourceId())
                        .setPeriod(s.getPeriod())
                        .setUnit(s.getUnit())
                        .setCounty(s.getCounty())
                        .setEventTime(s.getEventTime())
                        .setRestatements(held == null ? 1 : held.getRestatements() + 1)
                        .setFirst(first)
                        .setLatest(latest)
                        .build());
    }
}
