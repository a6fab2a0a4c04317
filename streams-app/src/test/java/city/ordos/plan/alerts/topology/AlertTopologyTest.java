package city.ordos.plan.alerts.topology;

import static city.ordos.plan.alerts.Progress.KEY;
import static city.ordos.plan.alerts.Progress.at;
import static org.assertj.core.api.Assertions.assertThat;

import city.ordos.plan.alerts.AlertConfig;
import city.ordos.plan.alerts.Progress;
import city.ordos.plan.app.AppConfig;
import city.ordos.plan.avro.AlertKind;
import city.ordos.plan.avro.AlertState;
import city.ordos.plan.avro.GoalAlert;
import city.ordos.plan.avro.GoalDefinition;
import city.ordos.plan.avro.GoalKind;
import city.ordos.plan.avro.GoalProgress;
import city.ordos.plan.avro.GoalStatus;
import city.ordos.plan.avro.Severity;
import city.ordos.plan.registry.AvroSerdes;
import city.ordos.plan.testing.TestGoals;
import city.ordos.plan.topics.OrdosTopics;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Drives the production {@link AlertTopology} with progress-history records and the plan clock. */
class AlertTopologyTest {

    private static final Duration TICK = Duration.ofSeconds(1);

    private final AtomicReference<Instant> planClock = new AtomicReference<>(at("2025-01-01T00:00"));
    private final OrdosTopics topics = OrdosTopics.withPrefix("alerts-ttd-");
    private TopologyTestDriver driver;
    private TestInputTopic<String, GoalDefinition> goals;
    private TestInputTopic<String, GoalProgress> history;
    private TestOutputTopic<String, GoalAlert> alerts;

    @TempDir
    Path stateDir;

    @BeforeEach
    void start() {
        // The production settings (AppConfig's defaults: exactly-once, explicit naming, RocksDB bounds).
        Properties props = AppConfig.of(Map.of(
                        StreamsConfig.APPLICATION_ID_CONFIG,
                        "alerts-topology-test",
                        StreamsConfig.STATE_DIR_CONFIG,
                        stateDir.toString()))
                .streamsProperties();
        String registry = "mock://alerts-topology-" + UUID.randomUUID();
        AvroSerdes serdes = new AvroSerdes(Map.of("schema.registry.url", registry));
        AlertConfig config = AlertConfig.defaults()
                .withPendingFor(Duration.ofHours(72))
                .withKeepFiringFor(Duration.ofHours(168))
                .withEvaluateEvery(TICK);

        StreamsBuilder builder = new StreamsBuilder(new TopologyConfig(new StreamsConfig(props)));
        AlertTopology.addTo(builder, topics, serdes, config, planClock::get);
        driver = new TopologyTestDriver(builder.build(), props, Instant.parse("2026-01-01T00:00:00Z"));

        goals = driver.createInputTopic(
                topics.goals().name(),
                Serdes.String().serializer(),
                serdes.valueSerde(GoalDefinition.class).serializer());
        history = driver.createInputTopic(
                topics.progressHistory().name(),
                Serdes.String().serializer(),
                serdes.valueSerde(GoalProgress.class).serializer());
        alerts = driver.createOutputTopic(
                topics.alerts().name(),
                Serdes.String().deserializer(),
                serdes.valueSerde(GoalAlert.class).deserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    private void progress(GoalStatus status, String planTime) {
        Instant asOf = at(planTime);
        history.pipeInput(KEY, Progress.of(status, asOf), asOf);
    }

    /** The plan clock reaches {@code planTime}; the wall clock moves one punctuation interval. */
    private void clock(String planTime) {
        planClock.set(at(planTime));
        driver.advanceWallClockTime(TICK);
    }

    private List<GoalAlert> emitted() {
        return alerts.readValuesToList();
    }

    @Test
    void aGoalFallingBehindFiresExactlyOneAlertAfterThePendingPeriod() {
        progress(GoalStatus.ON_TRACK, "2025-07-01T00:00");
        progress(GoalStatus.AT_RISK, "2025-07-10T00:00");
        clock("2025-07-11T00:00");
        clock("2025-07-12T23:00");
        assertThat(alerts.isEmpty()).isTrue();

        clock("2025-07-13T06:00"); // no new record: the punctuator alone fires it
        clock("2025-07-14T00:00");
        clock("2025-07-20T00:00");

        List<TestRecord<String, GoalAlert>> records = alerts.readRecordsToList();
        assertThat(records).singleElement().satisfies(r -> {
            assertThat(r.key()).isEqualTo(KEY);
            assertThat(r.getRecordTime()).isEqualTo(at("2025-07-13T00:00"));
            GoalAlert a = r.value();
            assertThat(a.getKind()).isEqualTo(AlertKind.FALLING_BEHIND);
            assertThat(a.getState()).isEqualTo(AlertState.FIRING);
            assertThat(a.getSeverity()).isEqualTo(Severity.WARNING);
            assertThat(a.getSequence()).isEqualTo(1);
            assertThat(a.getFiredAt()).isEqualTo(at("2025-07-13T00:00"));
            assertThat(a.getStatusBefore()).isEqualTo(GoalStatus.ON_TRACK);
            assertThat(a.getStatusAfter()).isEqualTo(GoalStatus.AT_RISK);
            assertThat(a.getTarget()).isEqualByComparingTo("10");
            assertThat(a.getActual()).isEqualByComparingTo("7.2");
            assertThat(a.getExpected()).isEqualByComparingTo("10");
            assertThat(a.getProjectedYearEnd()).isEqualByComparingTo("8.1");
            assertThat(a.getMessageZh()).isEqualTo("【进度预警】固定资产投资增长: 截至2025-07-10 完成预期进度的 72%，预计全年 8.1%（目标 ≥10%）");
            assertThat(a.getMessageEn()).startsWith("[Falling behind] Fixed-asset investment growth: as of 2025-07-10");
        });
    }

    @Test
    void aBriefDipShorterThanThePendingPeriodFiresNothing() {
        progress(GoalStatus.ON_TRACK, "2025-07-01T00:00");
        progress(GoalStatus.BEHIND, "2025-07-10T00:00");
        clock("2025-07-11T00:00");
        clock("2025-07-12T12:00");
        progress(GoalStatus.ON_TRACK, "2025-07-12T23:00");
        clock("2025-07-20T00:00");
        clock("2025-08-01T00:00");

        assertThat(alerts.isEmpty()).isTrue();
    }

    @Test
    void oscillationAroundTheThresholdDoesNotFlap() {
        progress(GoalStatus.AT_RISK, "2025-07-01T00:00");
        clock("2025-07-05T00:00");
        for (int day = 6; day <= 26; day += 4) {
            progress(GoalStatus.ON_TRACK, String.format("2025-07-%02dT00:00", day));
            clock(String.format("2025-07-%02dT00:00", day + 1));
            progress(GoalStatus.AT_RISK, String.format("2025-07-%02dT00:00", day + 2));
            clock(String.format("2025-07-%02dT00:00", day + 3));
        }

        List<GoalAlert> seen = emitted();
        assertThat(seen).extracting(GoalAlert::getState).containsExactly(AlertState.FIRING);
    }

    @Test
    void recoveryResolvesTheEpisodeAfterTheHold() {
        progress(GoalStatus.AT_RISK, "2025-07-01T00:00");
        clock("2025-07-05T00:00");
        progress(GoalStatus.ON_TRACK, "2025-07-06T00:00");
        clock("2025-07-12T23:00");
        assertThat(emitted()).extracting(GoalAlert::getState).containsExactly(AlertState.FIRING);

        clock("2025-07-13T01:00");

        List<GoalAlert> seen = emitted();
        assertThat(seen).singleElement().satisfies(a -> {
            assertThat(a.getState()).isEqualTo(AlertState.RESOLVED);
            assertThat(a.getAlertId()).isEqualTo("ordos-2025/fai-growth/falling-behind/20250703T160000Z");
            assertThat(a.getSequence()).isEqualTo(2);
            assertThat(a.getChangedAt()).isEqualTo(at("2025-07-13T00:00"));
            assertThat(a.getStatusAfter()).isEqualTo(GoalStatus.ON_TRACK);
            assertThat(a.getMessageZh()).startsWith("【已恢复】固定资产投资增长").endsWith("预警解除");
        });
    }

    @Test
    void escalationUpdatesTheSameEpisode() {
        progress(GoalStatus.AT_RISK, "2025-07-01T00:00");
        clock("2025-07-05T00:00");
        progress(GoalStatus.BEHIND, "2025-07-06T00:00");
        clock("2025-07-10T00:00");

        List<GoalAlert> seen = emitted();
        assertThat(seen)
                .extracting(GoalAlert::getState, GoalAlert::getSeverity, GoalAlert::getSequence)
                .containsExactly(
                        Tuple.tuple(AlertState.FIRING, Severity.WARNING, 1),
                        Tuple.tuple(AlertState.ESCALATED, Severity.CRITICAL, 2));
        assertThat(seen.get(1).getAlertId()).isEqualTo(seen.get(0).getAlertId());
        assertThat(seen.get(1).getFiredAt()).isEqualTo(seen.get(0).getFiredAt());
    }

    @Test
    void staleDataFiresAfterTheCadenceFromTheCatalog() {
        goals.pipeInput(KEY, definition(14, null), at("2025-01-01T00:00"));
        progress(GoalStatus.ON_TRACK, "2025-06-01T00:00");
        clock("2025-06-14T23:00");
        assertThat(alerts.isEmpty()).isTrue();

        clock("2025-06-15T08:00");

        assertThat(emitted()).singleElement().satisfies(a -> {
            assertThat(a.getKind()).isEqualTo(AlertKind.STALE_DATA);
            assertThat(a.getState()).isEqualTo(AlertState.FIRING);
            assertThat(a.getChangedAt()).isEqualTo(at("2025-06-15T00:00"));
            assertThat(a.getDepartment()).isEqualTo("市发展和改革委员会");
            assertThat(a.getMessageZh()).contains("14天的报送周期");
        });

        progress(GoalStatus.ON_TRACK, "2025-06-20T00:00");
        assertThat(emitted()).extracting(GoalAlert::getState).containsExactly(AlertState.RESOLVED);
    }

    @Test
    void theCatalogsPendingPeriodOverridesTheDefault() {
        goals.pipeInput(KEY, definition(30, 24), at("2025-01-01T00:00"));
        progress(GoalStatus.AT_RISK, "2025-07-01T00:00");
        clock("2025-07-02T01:00");

        assertThat(emitted())
                .singleElement()
                .satisfies(a -> assertThat(a.getChangedAt()).isEqualTo(at("2025-07-02T00:00")));
    }

    @Test
    void reachingTheTargetSendsOneAchievedNotice() {
        progress(GoalStatus.ON_TRACK, "2025-11-01T00:00");
        progress(GoalStatus.ACHIEVED, "2025-11-20T00:00");
        progress(GoalStatus.ACHIEVED, "2025-11-25T00:00");
        clock("2025-12-01T00:00");

        assertThat(emitted()).singleElement().satisfies(a -> {
            assertThat(a.getKind()).isEqualTo(AlertKind.ACHIEVED);
            assertThat(a.getSeverity()).isEqualTo(Severity.INFO);
            assertThat(a.getMessageZh()).startsWith("【目标达成】固定资产投资增长: 截至2025-11-20");
        });
    }

    @Test
    void theAlertStateIsANamedChangeloggedStore() {
        progress(GoalStatus.AT_RISK, "2025-07-01T00:00");

        assertThat(driver.producedTopicNames())
                .contains("alerts-topology-test-" + AlertTopology.STATE_STORE + "-changelog");
        assertThat(driver.getKeyValueStore(AlertTopology.STATE_STORE).get(KEY)).isNotNull();
    }

    private static GoalDefinition definition(int cadenceDays, Integer alertForHours) {
        return TestGoals.goal(Progress.GOAL)
                .setPlanId(Progress.PLAN)
                .setSection("headline")
                .setSectionTitleZh("主要预期目标")
                .setSectionTitleEn("Main targets")
                .setPhraseZh("固定资产投资增长10%以上")
                .setNameZh("固定资产投资增长")
                .setNameEn("Fixed-asset investment growth")
                .setUnit("%")
                .setTarget(new BigDecimal("10.000000"))
                .setKind(GoalKind.GROWTH)
                .setDepartment("市发展和改革委员会")
                .setCadenceDays(cadenceDays)
                .setAlertForHours(alertForHours)
                .build();
    }
}
