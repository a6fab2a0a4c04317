package city.ordos.plan.alerts;

import static city.ordos.plan.alerts.Progress.at;
import static org.assertj.core.api.Assertions.assertThat;

import city.ordos.plan.avro.AlertKind;
import city.ordos.plan.avro.AlertState;
import city.ordos.plan.avro.GoalAlert;
import city.ordos.plan.avro.GoalStatus;
import city.ordos.plan.avro.Severity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

class AlertEngineTest {

    private static final AlertConfig CONFIG =
            AlertConfig.defaults().withPendingFor(Duration.ofHours(72)).withKeepFiringFor(Duration.ofHours(168));
    private static final GoalRule RULE =
            new GoalRule(Duration.ofHours(72), Duration.ofHours(168), Duration.ofDays(30), "发展改革委", null);

    private final AlertEngine engine = new AlertEngine(CONFIG);
    private final GoalAlertState state = new GoalAlertState();
    private final List<GoalAlert> alerts = new ArrayList<>();

    private void observe(GoalStatus status, String when) {
        alerts.addAll(engine.observe(state, Progress.of(status, at(when)), RULE));
    }

    private void clock(String when) {
        alerts.addAll(engine.advance(state, RULE, at(when)));
    }

    @Test
    void fallingBehindFiresOnceWhenThePendingPeriodEndsEvenWithoutANewRecord() {
        observe(GoalStatus.ON_TRACK, "2025-07-01T00:00");
        observe(GoalStatus.AT_RISK, "2025-07-10T00:00");
        clock("2025-07-12T23:59");
        assertThat(alerts).isEmpty();

        clock("2025-07-14T00:00");
        clock("2025-07-20T00:00");

        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.getKind()).isEqualTo(AlertKind.FALLING_BEHIND);
            assertThat(a.getState()).isEqualTo(AlertState.FIRING);
            assertThat(a.getSeverity()).isEqualTo(Severity.WARNING);
            assertThat(a.getSequence()).isEqualTo(1);
            assertThat(a.getChangedAt()).isEqualTo(at("2025-07-13T00:00"));
            assertThat(a.getFiredAt()).isEqualTo(at("2025-07-13T00:00"));
            assertThat(a.getStatusBefore()).isEqualTo(GoalStatus.ON_TRACK);
            assertThat(a.getStatusAfter()).isEqualTo(GoalStatus.AT_RISK);
            assertThat(a.getAlertId()).isEqualTo("ordos-2025/fai-growth/falling-behind/20250712T160000Z");
            assertThat(a.getDepartment()).isEqualTo("发展改革委");
        });
    }

    @Test
    void aRecordArrivingAfterThePendingPeriodFiresAtTheMomentItEnded() {
        observe(GoalStatus.AT_RISK, "2025-07-10T00:00");
        observe(GoalStatus.AT_RISK, "2025-07-31T00:00");

        assertThat(alerts)
                .singleElement()
                .satisfies(a -> assertThat(a.getChangedAt()).isEqualTo(at("2025-07-13T00:00")));
    }

    @Test
    void aDipShorterThanThePendingPeriodFiresNothing() {
        observe(GoalStatus.ON_TRACK, "2025-07-01T00:00");
        observe(GoalStatus.BEHIND, "2025-07-10T00:00");
        clock("2025-07-12T00:00");
        observe(GoalStatus.ON_TRACK, "2025-07-12T12:00");
        clock("2025-08-05T00:00"); // well past any pending period, before the data goes stale

        assertThat(alerts).isEmpty();
    }

    @Test
    void oscillationInsideTheHoldKeepsOneEpisodeAndResolvesOnceWhenItStaysGood() {
        observe(GoalStatus.AT_RISK, "2025-07-01T00:00");
        clock("2025-07-04T00:00"); // fires
        for (int day = 5; day <= 25; day += 4) { // flips every two days for three weeks
            observe(GoalStatus.ON_TRACK, String.format("2025-07-%02dT00:00", day));
            clock(String.format("2025-07-%02dT00:00", day + 1));
            observe(GoalStatus.AT_RISK, String.format("2025-07-%02dT00:00", day + 2));
        }
        observe(GoalStatus.ON_TRACK, "2025-07-30T00:00");
        clock("2025-08-20T00:00");

        assertThat(alerts).extracting(GoalAlert::getState).containsExactly(AlertState.FIRING, AlertState.RESOLVED);
        assertThat(alerts)
                .extracting(GoalAlert::getAlertId)
                .containsOnly(alerts.get(0).getAlertId());
        GoalAlert resolved = alerts.get(1);
        assertThat(resolved.getChangedAt()).isEqualTo(at("2025-08-06T00:00")); // 7 days after 07-30
        assertThat(resolved.getSequence()).isEqualTo(2);
        assertThat(resolved.getStatusAfter()).isEqualTo(GoalStatus.ON_TRACK);
    }

    @Test
    void escalationUpdatesTheEpisodeWithTheNextSequence() {
        observe(GoalStatus.AT_RISK, "2025-07-01T00:00");
        clock("2025-07-05T00:00");
        observe(GoalStatus.BEHIND, "2025-07-06T00:00");
        clock("2025-07-08T23:00");
        assertThat(alerts).hasSize(1);

        clock("2025-07-10T00:00");

        assertThat(alerts).extracting(GoalAlert::getState).containsExactly(AlertState.FIRING, AlertState.ESCALATED);
        GoalAlert escalated = alerts.get(1);
        assertThat(escalated.getAlertId()).isEqualTo(alerts.get(0).getAlertId());
        assertThat(escalated.getSequence()).isEqualTo(2);
        assertThat(escalated.getSeverity()).isEqualTo(Severity.CRITICAL);
        assertThat(escalated.getStatusBefore()).isEqualTo(GoalStatus.AT_RISK);
        assertThat(escalated.getChangedAt()).isEqualTo(at("2025-07-09T00:00"));
        assertThat(escalated.getFiredAt()).isEqualTo(at("2025-07-04T00:00"));
    }

    @Test
    void behindForTheWholePeriodFiresCriticalAtOnce() {
        observe(GoalStatus.BEHIND, "2025-07-01T00:00");
        clock("2025-07-10T00:00");

        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.getState()).isEqualTo(AlertState.FIRING);
            assertThat(a.getSeverity()).isEqualTo(Severity.CRITICAL);
        });
    }

    @Test
    void reachingAchievedResolvesAtOnceAndSendsOneNotice() {
        observe(GoalStatus.AT_RISK, "2025-07-01T00:00");
        clock("2025-07-05T00:00");
        observe(GoalStatus.ACHIEVED, "2025-07-06T00:00");
        observe(GoalStatus.ACHIEVED, "2025-07-07T00:00");
        observe(GoalStatus.ON_TRACK, "2025-07-08T00:00");
        observe(GoalStatus.ACHIEVED, "2025-07-09T00:00"); // back within the hold: no second notice

        assertThat(alerts)
                .extracting(GoalAlert::getKind, GoalAlert::getState, GoalAlert::getSeverity)
                .containsExactly(
                        Tuple.tuple(AlertKind.FALLING_BEHIND, AlertState.FIRING, Severity.WARNING),
                        Tuple.tuple(AlertKind.FALLING_BEHIND, AlertState.RESOLVED, Severity.WARNING),
                        Tuple.tuple(AlertKind.ACHIEVED, AlertState.FIRING, Severity.INFO));
        assertThat(alerts.get(1).getChangedAt()).isEqualTo(at("2025-07-06T00:00"));
    }

    @Test
    void staleDataFiresWhenTheCadencePassesAndResolvesWithFreshData() {
        observe(GoalStatus.ON_TRACK, "2025-05-31T00:00");
        clock("2025-06-29T23:00");
        assertThat(alerts).isEmpty();

        clock("2025-07-02T00:00");
        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.getKind()).isEqualTo(AlertKind.STALE_DATA);
            assertThat(a.getState()).isEqualTo(AlertState.FIRING);
            assertThat(a.getSeverity()).isEqualTo(Severity.WARNING);
            assertThat(a.getChangedAt()).isEqualTo(at("2025-06-30T00:00"));
            assertThat(a.getStatusAfter()).isEqualTo(GoalStatus.STALE);
        });

        observe(GoalStatus.STALE, "2025-07-03T00:00"); // the topology noticing as well: same episode
        observe(GoalStatus.ON_TRACK, "2025-07-05T00:00");
        assertThat(alerts).extracting(GoalAlert::getState).containsExactly(AlertState.FIRING, AlertState.RESOLVED);
        assertThat(alerts.get(1).getAlertId()).isEqualTo(alerts.get(0).getAlertId());
    }

    /**
     * Found by the fault tests on the simulated year: a late progress record (asOf before the stale
     * alert's time, same old data) resolves the episode at the clamped alert time, and the clock
     * fires it again at that same moment. Receivers dedupe on alertId#sequence, so the second
     * episode must not reuse the first one's id.
     */
    @Test
    void anEpisodeStartingAgainAtTheSameMomentGetsANewId() {
        observe(GoalStatus.ON_TRACK, "2025-05-31T00:00");
        clock("2025-07-02T00:00"); // data overdue since 06-30: fires
        alerts.addAll(engine.observe(
                state,
                Progress.growth(GoalStatus.ON_TRACK, at("2025-06-10T00:00"))
                        .setLatestEventTime(at("2025-05-31T00:00"))
                        .build(),
                RULE)); // a late record: resolves
        clock("2025-07-03T00:00"); // still overdue since 06-30: fires again
        clock("2025-07-04T00:00");
        alerts.addAll(engine.observe(
                state,
                Progress.growth(GoalStatus.ON_TRACK, at("2025-06-11T00:00"))
                        .setLatestEventTime(at("2025-05-31T00:00"))
                        .build(),
                RULE));
        clock("2025-07-05T00:00");

        assertThat(alerts)
                .extracting(GoalAlert::getState)
                .containsExactly(
                        AlertState.FIRING,
                        AlertState.RESOLVED,
                        AlertState.FIRING,
                        AlertState.RESOLVED,
                        AlertState.FIRING);
        assertThat(alerts).extracting(GoalAlert::getChangedAt).containsOnly(at("2025-06-30T00:00"));
        assertThat(alerts)
                .extracting(a -> a.getAlertId() + "#" + a.getSequence())
                .doesNotHaveDuplicates();
        assertThat(alerts)
                .extracting(GoalAlert::getAlertId)
                .containsExactly(
                        "ordos-2025/fai-growth/stale-data/20250629T160000Z",
                        "ordos-2025/fai-growth/stale-data/20250629T160000Z",
                        "ordos-2025/fai-growth/stale-data/20250629T160000Z-2",
                        "ordos-2025/fai-growth/stale-data/20250629T160000Z-2",
                        "ordos-2025/fai-growth/stale-data/20250629T160000Z-3");
    }

    @Test
    void staleStatusFromTheTopologyFiresAtOnce() {
        GoalRule noCadence = new GoalRule(Duration.ofHours(72), Duration.ofHours(168), null, "dept", null);
        alerts.addAll(engine.observe(state, Progress.of(GoalStatus.ON_TRACK, at("2025-05-01T00:00")), noCadence));
        alerts.addAll(engine.observe(
                state,
                Progress.growth(GoalStatus.STALE, at("2025-06-15T00:00"))
                        .setLatestEventTime(at("2025-05-01T00:00"))
                        .build(),
                noCadence));

        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.getKind()).isEqualTo(AlertKind.STALE_DATA);
            assertThat(a.getChangedAt()).isEqualTo(at("2025-06-15T00:00"));
            assertThat(a.getStatusBefore()).isEqualTo(GoalStatus.ON_TRACK);
        });
    }

    @Test
    void aRecordAppliesAtItsOwnTimeEvenWhenTheClockRanAhead() {
        observe(GoalStatus.ON_TRACK, "2025-07-01T00:00");
        clock("2025-07-28T00:00"); // a replay clock racing ahead of this goal's records
        observe(GoalStatus.AT_RISK, "2025-07-10T00:00");
        observe(GoalStatus.ON_TRACK, "2025-07-12T00:00");
        assertThat(alerts).isEmpty(); // a two-day dip stays a two-day dip

        observe(GoalStatus.AT_RISK, "2025-07-20T00:00");
        observe(GoalStatus.AT_RISK, "2025-07-25T00:00");
        observe(GoalStatus.ON_TRACK, "2025-07-05T00:00"); // older than the goal's last record: applies at 07-25

        assertThat(alerts)
                .extracting(GoalAlert::getState, GoalAlert::getChangedAt)
                .containsExactly(Tuple.tuple(AlertState.FIRING, at("2025-07-23T00:00")));
        assertThat(state.fallingBehind.goodSince)
                .isEqualTo(at("2025-07-25T00:00").toEpochMilli());
    }
}
