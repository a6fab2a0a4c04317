package city.ordos.plan.progress.topology;

import static city.ordos.plan.progress.topology.ProgressFixture.dec;
import static city.ordos.plan.progress.topology.ProgressFixture.goal;
import static city.ordos.plan.progress.topology.ProgressFixture.selector;
import static org.assertj.core.api.Assertions.assertThat;

import city.ordos.plan.avro.Comparator;
import city.ordos.plan.avro.County;
import city.ordos.plan.avro.DayDelta;
import city.ordos.plan.avro.GoalDefinition;
import city.ordos.plan.avro.GoalKind;
import city.ordos.plan.avro.GoalProgress;
import city.ordos.plan.avro.InputStream;
import city.ordos.plan.avro.Restatement;
import city.ordos.plan.avro.StatementType;
import city.ordos.plan.timetravel.DailyTotals;
import city.ordos.plan.timetravel.Pictures;
import city.ordos.plan.timetravel.ScriptedYear;
import city.ordos.plan.timetravel.TimeTravelSettings;
import city.ordos.plan.timetravel.topology.TimeTravelTopology;
import city.ordos.plan.vocabulary.PlanCalendar;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.VersionedKeyValueStore;
import org.apache.kafka.streams.state.VersionedRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The time-travel branch on the production topology, over the scripted year of {@link ScriptedYear}
 * (a restatement of June arriving in July, a late report about May in August): the picture of any
 * day as known today and the figure as shown at any moment, against the script's own calculation.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS) // the tests only read what the script left
class TimeTravelTopologyTest {

    private static final String GOAL = "ordos-2025/fai";
    private static final BigDecimal TARGET = new BigDecimal("1000");

    @TempDir
    static Path stateDir;

    ProgressFixture f;
    GoalDefinition goal;

    @BeforeAll
    void start() {
        f = new ProgressFixture(stateDir, null, Duration.ZERO, TimeTravelSettings.DEFAULTS);
        goal = goal("fai", GoalKind.CUMULATIVE, Comparator.AT_LEAST, "1000", "亿元")
                .setCadenceDays(45)
                .setFeed(selector(InputStream.INVESTMENT, "investment.completed", StatementType.YEAR_TO_DATE, "亿元"))
                .build();
        f.now.set(ProgressFixture.at("2025-01-01"));
        f.publish(goal);
        f.tick(Duration.ofSeconds(2)); // the screen shows the goal without data
        for (ScriptedYear.Step step : ScriptedYear.STEPS) {
            f.now.set(PlanCalendar.endOfDay(step.knownOn()));
            for (ScriptedYear.Report r : step.reports()) {
                f.send(f.investment(
                        r.project(),
                        PlanCalendar.endOfDay(r.asOf()),
                        PlanCalendar.endOfDay(r.reportedOn()),
                        r.value(),
                        "亿元",
                        County.valueOf(r.county())));
            }
            f.tick(Duration.ofSeconds(2)); // the clock moved: the goal task re-evaluates
        }
    }

    @AfterAll
    void stop() {
        f.close();
    }

    @Test
    void june_30_as_known_today_includes_the_july_restatement() {
        LocalDate june30 = LocalDate.parse("2025-06-30");
        GoalProgress p = Pictures.asOf(goal, Pictures.totalsThrough(deltas(), june30), june30);

        assertThat(p.getActual())
                .isEqualByComparingTo(ScriptedYear.actualAsOf(june30))
                .isEqualByComparingTo("430");
        ScriptedYear.Judgement j =
                ScriptedYear.Judgement.of(TARGET, p.getActual(), june30, ScriptedYear.dataAsOf(june30));
        assertThat(p.getExpectedByNow()).isEqualByComparingTo(j.expected().setScale(6, RoundingMode.HALF_EVEN));
        assertThat(p.getStatus().name()).isEqualTo(j.status()).isEqualTo("AT_RISK");
        assertThat(p.getByCounty()).containsOnly(Map.entry("DONGSHENG", dec("240")), Map.entry("WUSHEN", dec("190")));
        assertThat(p.getContributingSources()).isEqualTo(3);
        assertThat(p.getAsOf()).isEqualTo(PlanCalendar.endOfDay(june30));
    }

    @Test
    void the_screen_on_july_5_showed_june_before_the_restatement() {
        LocalDate july5 = LocalDate.parse("2025-07-05");
        VersionedRecord<GoalProgress> shown =
                shown().get(GOAL, PlanCalendar.endOfDay(july5).toEpochMilli());

        GoalProgress p = shown.value();
        assertThat(p.getActual())
                .isEqualByComparingTo(ScriptedYear.actualShownOn(july5))
                .isEqualByComparingTo("490");
        ScriptedYear.Judgement j =
                ScriptedYear.Judgement.of(TARGET, p.getActual(), july5, ScriptedYear.dataShownOn(july5));
        assertThat(p.getStatus().name()).isEqualTo(j.status()).isEqualTo("ON_TRACK");
        assertThat(p.getAsOf()).isEqualTo(PlanCalendar.endOfDay(july5));
        assertThat(shown.timestamp()).isEqualTo(p.getAsOf().toEpochMilli());
    }

    @Test
    void every_day_of_the_year_as_known_today_matches_the_script() {
        List<GoalProgress> series = Pictures.series(goal, deltas(), LocalDate.parse("2025-01-01"), ScriptedYear.TODAY);

        assertThat(series).hasSize(ScriptedYear.TODAY.getDayOfYear());
        for (GoalProgress p : series) {
            LocalDate day = PlanCalendar.dateOf(p.getAsOf());
            if (day.isBefore(LocalDate.parse("2025-03-31"))) {
                assertThat(p.getActual()).as(day.toString()).isNull();
                assertThat(p.getStatus().name()).as(day.toString()).isEqualTo("NO_DATA");
            } else {
                assertThat(p.getActual()).as(day.toString()).isEqualByComparingTo(ScriptedYear.actualAsOf(day));
                assertThat(p.getContributingSources()).as(day.toString()).isEqualTo(ScriptedYear.sourcesAsOf(day));
                assertThat(p.getStatus().name())
                        .as(day.toString())
                        .isEqualTo(ScriptedYear.Judgement.of(TARGET, p.getActual(), day, ScriptedYear.dataAsOf(day))
                                .status());
            }
        }
    }

    @Test
    void every_moment_of_the_script_shows_what_was_known_then() {
        for (ScriptedYear.Step step : ScriptedYear.STEPS) {
            VersionedRecord<GoalProgress> shown =
                    shown().get(GOAL, PlanCalendar.endOfDay(step.knownOn()).toEpochMilli());
            assertThat(shown.value().getActual())
                    .as("shown on " + step.knownOn())
                    .isEqualByComparingTo(ScriptedYear.actualShownOn(step.knownOn()));
        }
        assertThat(shown().get(GOAL, ProgressFixture.at("2025-03-31").toEpochMilli())
                        .value()
                        .getStatus())
                .as("before any report the screen said NO_DATA")
                .hasToString("NO_DATA");
    }

    @Test
    void a_late_report_about_may_changes_may_but_not_today() {
        LocalDate may31 = LocalDate.parse("2025-05-31");
        GoalProgress asOfMay = Pictures.asOf(goal, Pictures.totalsThrough(deltas(), may31), may31);
        assertThat(asOfMay.getActual())
                .isEqualByComparingTo("390")
                .isEqualByComparingTo(ScriptedYear.actualAsOf(may31));
        assertThat(shown().get(GOAL, ProgressFixture.at("2025-06-05").toEpochMilli())
                        .value()
                        .getActual())
                .isEqualByComparingTo("380");

        GoalProgress live = f.stored("fai");
        GoalProgress today =
                Pictures.asOf(goal, Pictures.totalsThrough(deltas(), ScriptedYear.TODAY), ScriptedYear.TODAY);
        assertThat(live.getActual()).isEqualByComparingTo("610");
        assertThat(today.getActual()).isEqualByComparingTo(live.getActual());
        assertThat(today.getExpectedByNow()).isEqualByComparingTo(live.getExpectedByNow());
        assertThat(today.getStatus()).isEqualTo(live.getStatus());
        assertThat(today.getByCounty()).isEqualTo(live.getByCounty());
    }

    @Test
    void the_restatement_is_listed_with_both_values_and_their_provenance() {
        KeyValueStore<String, Restatement> store = f.driver.getKeyValueStore(TimeTravelTopology.RESTATEMENTS_STORE);
        List<Restatement> all = new ArrayList<>();
        try (KeyValueIterator<String, Restatement> it = store.prefixScan(GOAL + "|", new StringSerializer())) {
            it.forEachRemaining(kv -> all.add(kv.value));
        }
        assertThat(all).hasSize(1);
        Restatement r = all.get(0);
        assertThat(r.getSourceId()).isEqualTo("P1");
        assertThat(r.getEventTime()).isEqualTo(ProgressFixture.at("2025-06-30").toEpochMilli());
        assertThat(r.getFirst().getValue()).isEqualByComparingTo("300");
        assertThat(r.getLatest().getValue()).isEqualByComparingTo("240");
        assertThat(r.getLatest().getReportedAt())
                .isEqualTo(ProgressFixture.at("2025-07-20").toEpochMilli());
        assertThat(r.getLatest().getSourceTopic())
                .isEqualTo(f.topics.investment().name());
        assertThat(r.getFirst().getSourceOffset()).isLessThan(r.getLatest().getSourceOffset());
    }

    private NavigableMap<LocalDate, DailyTotals.Totals> deltas() {
        KeyValueStore<String, DayDelta> store = f.driver.getKeyValueStore(TimeTravelTopology.DAY_DELTAS_STORE);
        NavigableMap<LocalDate, DailyTotals.Totals> byDay = new TreeMap<>();
        try (KeyValueIterator<String, DayDelta> it = store.prefixScan(GOAL + "|", new StringSerializer())) {
            it.forEachRemaining(kv -> Pictures.addTo(byDay, Map.entry(kv.key, kv.value)));
        }
        return byDay;
    }

    private VersionedKeyValueStore<String, GoalProgress> shown() {
        return f.driver.getVersionedKeyValueStore(TimeTravelTopology.SHOWN_STORE);
    }
}
