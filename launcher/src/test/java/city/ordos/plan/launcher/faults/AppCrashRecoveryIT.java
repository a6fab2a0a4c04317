package city.ordos.plan.launcher.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import city.ordos.plan.avro.GoalAlert;
import city.ordos.plan.avro.GoalProgress;
import city.ordos.plan.infra.testing.KafkaClusterExtension;
import city.ordos.plan.producers.DeliveryReport;
import city.ordos.plan.producers.sim.Simulation;
import city.ordos.plan.progress.topology.ProgressTopology;
import city.ordos.plan.reliability.BooksReader;
import city.ordos.plan.reliability.ReconciliationReport;
import city.ordos.plan.timetravel.topology.TimeTravelTopology;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The application killed the way a machine dies, modelled on Kafka's own exactly-once system test
 * (StreamsEosTest: a driver producing while the streams client is hard-killed and restarted, then
 * a verifier over the committed output): the packaged entry point runs in a JVM of its own and is
 * SIGKILLed mid-stream while the simulator keeps publishing, restarted on the same state directory,
 * and at the end its figures, progress history and alerts must show neither loss nor double counting.
 * Also: two instances with one killed, then the survivor's local state wiped (rebuilt from the
 * changelogs).
 */
@Tag("fault")
@Timeout(value = 20, unit = TimeUnit.MINUTES)
class AppCrashRecoveryIT {

    @RegisterExtension
    static final KafkaClusterExtension kafka = new KafkaClusterExtension();

    private static final Logger LOG = LoggerFactory.getLogger(AppCrashRecoveryIT.class);
    private static final RecoveryTimes TIMES = new RecoveryTimes(AppCrashRecoveryIT.class);
    private static final Duration START = Duration.ofSeconds(120);
    private static final int KILLS = 3;

    private final List<FaultRig> rigs = new ArrayList<>();

    /** Kills the test's application JVMs and stops its feed, whether it passed or not. */
    @AfterEach
    void killLeftovers() {
        try {
            rigs.forEach(FaultRig::close);
        } finally {
            rigs.clear();
        }
    }

    @Test
    void sigkilledRepeatedlyWhileEventsArriveItLosesAndDuplicatesNothing(TestInfo info) throws Exception {
        FaultRig rig = rig();
        String test = info.getTestMethod().orElseThrow().getName();
        long total = Simulation.events(rig.scenario()).count();
        AppJvm app = rig.app("app").start();
        await("first start").atMost(START).until(app::ready);
        // Slow enough that the scenario outlasts the kills and restarts even on a loaded machine;
        // stopped once they are done.
        SimulatedFeed feed = rig.feed(total / 400.0).start();

        for (int kill = 1; kill <= KILLS; kill++) {
            long before = rig.committedInputs();
            await("processing before kill " + kill).atMost(START).until(() -> {
                app.status("/health"); // fails fast if the JVM died on its own
                return rig.committedInputs() > before;
            });
            assertThat(feed.finished())
                    .as("the feed still publishes at kill " + kill)
                    .isFalse();
            long t0 = RecoveryTimes.start();
            assertThat(app.kill()).as("exit status of a SIGKILLed JVM").isEqualTo(AppJvm.SIGKILL_STATUS);
            long atKill = rig.stableCommittedInputs();
            app.start();
            await("RUNNING after kill " + kill).atMost(START).until(app::ready);
            TIMES.record(test, "SIGKILL " + kill + " of " + KILLS, "restarted JVM RUNNING (/ready 200)", t0);
            await("every goal served after kill " + kill)
                    .atMost(START)
                    .until(() -> GoalsApi.actuals(app, rig.catalog.size()).isPresent()
                            && GoalsApi.everyGoalAnswers(app, rig.catalog));
            TIMES.record(
                    test,
                    "SIGKILL " + kill + " of " + KILLS,
                    "API serves /api/goals complete and /api/goals/{id} for every goal",
                    t0);
            await("committing again after kill " + kill).atMost(START).until(() -> rig.committedInputs() > atKill);
            TIMES.record(test, "SIGKILL " + kill + " of " + KILLS, "committing input offsets again", t0);
        }
        long t0 = RecoveryTimes.start();
        DeliveryReport delivered = feed.stop();
        assertThat(delivered.allDelivered()).as(delivered.toString()).isTrue();
        rig.awaitCaughtUp(Duration.ofMinutes(3), Duration.ofSeconds(3), app::isAlive);
        TIMES.record(
                test,
                "after " + KILLS + " SIGKILLs",
                "all input consumed and outputs quiet, after the feed stopped",
                t0);

        assertBooksBalance(rig, delivered.delivered());
    }

    /**
     * Two instances share the work; one is SIGKILLed. The survivor must take over every partition
     * (from its standby copies or the changelogs) and answer for every goal again, with the same
     * figures. Then the survivor is stopped, its local state directory deleted, and restarted: it
     * must rebuild every store from the changelog topics and serve exactly those figures again.
     * (One scenario for both faults: each needs the whole year fed first.)
     */
    @Test
    void oneOfTwoKilledTheOtherTakesOverThenRebuildsItsWipedStateFromTheChangelogs(TestInfo info) throws Exception {
        FaultRig rig = rig();
        String test = info.getTestMethod().orElseThrow().getName();
        AppJvm a = rig.app("a").start();
        AppJvm b = rig.app("b").start();
        await("both RUNNING").atMost(START).until(() -> a.ready() && b.ready());
        DeliveryReport delivered = feedWholeScenario(rig);
        rig.awaitCaughtUp(Duration.ofMinutes(3), Duration.ofSeconds(3), () -> a.isAlive() && b.isAlive());
        await("both instances own goals")
                .atMost(START)
                .until(() -> GoalsApi.instances(b) == 2
                        && GoalsApi.actuals(b, rig.catalog.size()).isPresent());
        Map<String, BigDecimal> before = GoalsApi.actuals(b, rig.catalog.size()).orElseThrow();

        long t0 = RecoveryTimes.start();
        assertThat(a.kill()).as("exit status of a SIGKILLed JVM").isEqualTo(AppJvm.SIGKILL_STATUS);
        await("the survivor answers for every goal")
                .atMost(START)
                .until(() -> GoalsApi.instances(b) == 1
                        && GoalsApi.actuals(b, rig.catalog.size()).isPresent()
                        && GoalsApi.everyGoalAnswers(b, rig.catalog));
        TIMES.record(
                test,
                "one of two instances SIGKILLed",
                "survivor answers /api/goals and /api/goals/{id} for every goal",
                t0);
        assertThat(GoalsApi.actuals(b, rig.catalog.size()))
                .as("figures after the takeover")
                .hasValue(before);

        // What the rebuild reads: changelogs in segments the log cleaner compacts while they are
        // written, so a restore after a replay reads each source's latest records, not every month's.
        for (String store : List.of(ProgressTopology.STATEMENTS_STORE, TimeTravelTopology.DAY_DELTAS_STORE)) {
            Map<String, String> changelog = rig.changelogSettings(store);
            assertThat(changelog.get("cleanup.policy")).as(store).isEqualTo("compact");
            assertThat(Long.parseLong(changelog.get("segment.bytes")))
                    .as(store + " segment.bytes")
                    .isLessThanOrEqualTo(16L * 1024 * 1024);
            assertThat(Double.parseDouble(changelog.get("min.cleanable.dirty.ratio")))
                    .as(store + " min.cleanable.dirty.ratio")
                    .isLessThanOrEqualTo(0.2);
        }
        // ... except where every key is written about once: there the cleaner would only copy the
        // log again on every pass, so these keep Kafka's defaults (active segment up to 1 GiB).
        for (String store : List.of(TimeTravelTopology.DAYS_STORE, TimeTravelTopology.FIRST_DAYS_STORE)) {
            Map<String, String> changelog = rig.changelogSettings(store);
            assertThat(changelog.get("cleanup.policy")).as(store).isEqualTo("compact");
            assertThat(Long.parseLong(changelog.get("segment.bytes")))
                    .as(store + " segment.bytes")
                    .isEqualTo(1024L * 1024 * 1024);
            assertThat(Double.parseDouble(changelog.get("min.cleanable.dirty.ratio")))
                    .as(store + " min.cleanable.dirty.ratio")
                    .isEqualTo(0.5);
        }
        b.stop();
        deleteRecursively(b.stateDir());
        assertThat(b.stateDir()).doesNotExist();
        long t1 = RecoveryTimes.start();
        b.start();
        await("RUNNING after the wipe").atMost(START).until(b::ready);
        TIMES.record(test, "local state wiped", "restarted app RUNNING (/ready 200, stores restored)", t1);
        await("the same figures served after the wipe")
                .atMost(START)
                .until(() -> GoalsApi.actuals(b, rig.catalog.size()), Optional.of(before)::equals);
        TIMES.record(test, "local state wiped", "API serving every goal with the figures from before the wipe", t1);
        assertBooksBalance(rig, delivered.delivered());
    }

    private static DeliveryReport feedWholeScenario(FaultRig rig) throws InterruptedException {
        long total = Simulation.events(rig.scenario()).count();
        DeliveryReport delivered = rig.feed(total / 20.0).start().awaitEnd();
        assertThat(delivered.allDelivered()).as(delivered.toString()).isTrue();
        assertThat(delivered.delivered()).isEqualTo(total);
        return delivered;
    }

    private static Map<String, BigDecimal> actuals(Map<String, GoalProgress> progress) {
        Map<String, BigDecimal> m = new TreeMap<>();
        progress.forEach(
                (k, p) -> m.put(k, p.getActual() == null ? null : p.getActual().stripTrailingZeros()));
        return m;
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private FaultRig rig() {
        FaultRig rig = new FaultRig(kafka, kafka.schemaRegistryUrl());
        rigs.add(rig);
        return rig;
    }

    /**
     * No loss, no double count, as read_committed readers see it: every input record is used by a
     * goal or dead-lettered, and every goal's published figure equals the independent recomputation
     * from the input topics (the books-balance reader, {@link BooksReader}, not the topology's code);
     * the progress history ends on those same figures; each alert update is published once. A
     * record applied twice to the add/subtract goal aggregates would leave its delta in every later
     * figure of that goal, so the final figures catch double counting anywhere in the run.
     */
    static void assertBooksBalance(FaultRig rig, long delivered) {
        ReconciliationReport books =
                BooksReader.reconcile(rig.readerConfig(), rig.topics, BooksReader.Settings.defaults(rig.applicationId));
        assertThat(books.balanced()).as(books.render()).isTrue();
        assertThat(books.unprocessedRecords())
                .as("records the application had not processed")
                .isZero();
        // Every acknowledged event is in the topics. More records than acknowledgements happened
        // across a broker restart: an idempotent (not transactional) producer may write a batch
        // twice; the latest-statement rule absorbs the copies.
        assertThat(books.totalInputRecords())
                .as("input records read vs events the feed delivered")
                .isGreaterThanOrEqualTo(delivered);
        if (books.totalInputRecords() > delivered) {
            LOG.info("input topics hold {} records for {} acknowledged events", books.totalInputRecords(), delivered);
        }

        Map<String, GoalProgress> latest = rig.latestProgress();
        assertThat(latest).as("a figure for every goal").hasSize(rig.catalog.size());
        Map<String, GoalProgress> lastInHistory = new HashMap<>();
        rig.history().forEach(p -> lastInHistory.put(p.getPlanId() + "/" + p.getGoalId(), p));
        Map<String, String> historyVsLatest = new TreeMap<>();
        latest.forEach((key, p) -> {
            GoalProgress h = lastInHistory.get(key);
            if (h == null || !sameNumber(h.getActual(), p.getActual())) {
                historyVsLatest.put(
                        key, "history " + (h == null ? "none" : h.getActual()) + ", latest " + p.getActual());
            }
        });
        assertThat(historyVsLatest).as("last history figure = latest figure").isEmpty();

        assertAlertsUnique(rig.alerts());
    }

    /** Each alert update once: (alertId, sequence) unique, sequences of an episode 1..n without gaps. */
    static void assertAlertsUnique(List<GoalAlert> alerts) {
        Set<String> seen = new HashSet<>();
        List<String> duplicates = new ArrayList<>();
        Map<String, List<Integer>> sequences = new TreeMap<>();
        for (GoalAlert a : alerts) {
            if (!seen.add(a.getAlertId() + "#" + a.getSequence())) {
                duplicates.add(a.getAlertId() + "#" + a.getSequence() + " " + a.getState());
            }
            sequences.computeIfAbsent(a.getAlertId(), k -> new ArrayList<>()).add(a.getSequence());
        }
        assertThat(duplicates).as("alert updates published twice").isEmpty();
        sequences.forEach((id, seq) -> assertThat(seq)
                .as("sequence of episode " + id)
                .isEqualTo(IntStream.rangeClosed(1, seq.size()).boxed().toList()));
    }

    static boolean sameNumber(BigDecimal a, BigDecimal b) {
        return a == null ? b == null : b != null && a.compareTo(b) == 0;
    }
}
