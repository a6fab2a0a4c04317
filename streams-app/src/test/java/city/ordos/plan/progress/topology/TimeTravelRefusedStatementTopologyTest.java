package city.ordos.plan.progress.topology;

import static city.ordos.plan.progress.topology.ProgressFixture.at;
import static city.ordos.plan.progress.topology.ProgressFixture.dec;
import static city.ordos.plan.progress.topology.ProgressFixture.goal;
import static city.ordos.plan.progress.topology.ProgressFixture.selector;
import static org.assertj.core.api.Assertions.assertThat;

import city.ordos.plan.avro.Comparator;
import city.ordos.plan.avro.County;
import city.ordos.plan.avro.DayDelta;
import city.ordos.plan.avro.DeadLetter;
import city.ordos.plan.avro.GoalAggregate;
import city.ordos.plan.avro.GoalDefinition;
import city.ordos.plan.avro.GoalKind;
import city.ordos.plan.avro.InputStream;
import city.ordos.plan.avro.StatementType;
import city.ordos.plan.avro.StatementVersion;
import city.ordos.plan.deadletters.ReasonCodes;
import city.ordos.plan.timetravel.DailyTotals;
import city.ordos.plan.timetravel.Pictures;
import city.ordos.plan.timetravel.TimeTravelSettings;
import city.ordos.plan.timetravel.topology.TimeTravelTopology;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A statement the live sums refuse (dead-lettered, {@code SUM_LIMIT_EXCEEDED}) is not used anywhere:
 * the past pictures leave it out as the live figure does, so "as known today" and the screen agree.
 */
class TimeTravelRefusedStatementTopologyTest {

    private static final String GOAL = "ordos-2025/fai";

    @TempDir
    Path stateDir;

    @Test
    void aStatementTheSumLimitRefusesIsInNoPastPicture() {
        try (ProgressFixture f = new ProgressFixture(stateDir, null, Duration.ZERO, TimeTravelSettings.DEFAULTS)) {
            GoalDefinition goal = goal("fai", GoalKind.CUMULATIVE, Comparator.AT_LEAST, "1000", "亿元")
                    .setFeed(selector(InputStream.INVESTMENT, "investment.completed", StatementType.YEAR_TO_DATE, "亿元"))
                    .build();
            f.publish(goal);
            // As if 100,000 other sources of this input partition had each stated nearly the
            // statement limit: 10 short of the sum limit, before the first statement is read.
            GoalAggregate nearlyFull = PartialSums.empty(GOAL, 0);
            nearlyFull.setFeed(dec("99999999999999999990"));
            nearlyFull.setContributions(100_000);
            f.driver
                    .<String, GoalAggregate>getKeyValueStore(ProgressTopology.INPUT_PARTIALS_STORE)
                    .put(GOAL, nearlyFull);

            f.send(f.investment("P1", at("2025-06-30"), at("2025-07-05"), "5", "亿元", County.ZHUNGEER));
            f.send(f.investment("P2", at("2025-06-30"), at("2025-07-05"), "12", "亿元", County.WUSHEN));

            List<DeadLetter> letters = f.deadLetters.readValuesToList();
            assertThat(letters).singleElement().satisfies(d -> {
                assertThat(d.getReasonCode()).isEqualTo(ReasonCodes.SUM_LIMIT_EXCEEDED);
                assertThat(d.getMessage()).contains("12");
            });

            int june30 = Math.toIntExact(LocalDate.parse("2025-06-30").toEpochDay());
            KeyValueStore<String, StatementVersion> days = f.driver.getKeyValueStore(TimeTravelTopology.DAYS_STORE);
            assertThat(days.get(TimeTravelTopology.statementDayKey(GOAL + "|FEED|P1|", june30)))
                    .as("P1, accepted")
                    .isNotNull();
            assertThat(days.get(TimeTravelTopology.statementDayKey(GOAL + "|FEED|P2|", june30)))
                    .as("P2, refused by the sum limit")
                    .isNull();

            LocalDate day = LocalDate.parse("2025-06-30");
            DailyTotals.Totals totals = Pictures.totalsThrough(deltas(f), day);
            assertThat(Pictures.asOf(goal, totals, day).getActual())
                    .as("June 30 as known today: P1 alone")
                    .isEqualByComparingTo("5");
            assertThat(Pictures.asOf(goal, totals, day).getContributingSources())
                    .isEqualTo(1);
        }
    }

    private static NavigableMap<LocalDate, DailyTotals.Totals> deltas(ProgressFixture f) {
        KeyValueStore<String, DayDelta> store = f.driver.getKeyValueStore(TimeTravelTopology.DAY_DELTAS_STORE);
        NavigableMap<LocalDate, DailyTotals.Totals> byDay = new TreeMap<>();
        try (KeyValueIterator<String, DayDelta> it = store.prefixScan(GOAL + "|", new StringSerializer())) {
            it.forEachRemaining(kv -> Pictures.addTo(byDay, Map.entry(kv.key, kv.value)));
        }
        return byDay;
    }
}
