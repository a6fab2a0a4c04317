package city.ordos.plan.launcher.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import city.ordos.plan.avro.DeadLetter;
import city.ordos.plan.infra.registry.EmbeddedSchemaRegistry;
import city.ordos.plan.infra.registry.RegistryAccess;
import city.ordos.plan.infra.testing.KafkaClusterExtension;
import city.ordos.plan.producers.DeliveryReport;
import city.ordos.plan.producers.sim.Simulation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The platform under the application fails while events arrive: the broker is restarted on its
 * data directory, or the schema registry is. The application (its own JVM, the packaged entry
 * point) must come back by itself, never skip a record, and balance its books afterwards.
 */
@Tag("fault")
@Timeout(value = 20, unit = TimeUnit.MINUTES)
class PlatformRestartIT {

    @RegisterExtension
    static final KafkaClusterExtension kafka = new KafkaClusterExtension();

    private static final RecoveryTimes TIMES = new RecoveryTimes(PlatformRestartIT.class);
    private static final Duration START = Duration.ofSeconds(120);
    private static final Duration OUTAGE = Duration.ofSeconds(5);

    private final List<AutoCloseable> cleanup = new ArrayList<>();

    @AfterEach
    void cleanUp() throws Exception {
        for (int i = cleanup.size() - 1; i >= 0; i--) {
            cleanup.get(i).close();
        }
        cleanup.clear();
    }

    @Test
    void brokerRestartedMidStreamTheAppResumesAndBalances(TestInfo info) throws Exception {
        assumeThat(kafka.supportsBrokerRestart())
                .as("broker restart needs the embedded cluster")
                .isTrue();
        String test = info.getTestMethod().orElseThrow().getName();
        FaultRig rig = track(new FaultRig(kafka, kafka.schemaRegistryUrl()));
        AppJvm app = rig.app("app").start();
        await("first start").atMost(START).until(app::ready);
        SimulatedFeed feed =
                rig.feed(Simulation.events(rig.scenario()).count() / 120.0).start();
        long before = rig.committedInputs();
        await("processing before the restart").atMost(START).until(() -> rig.committedInputs() > before);

        long atStop = rig.committedInputs();
        long down = RecoveryTimes.start();
        kafka.stopBroker();
        // An outage both sides notice, however fast the machine restarts the broker; shorter than
        // the producer's max.block.ms (60 s), past which a producer drops what it cannot send.
        await("broker unreachable for 5 s")
                .during(OUTAGE)
                .atMost(OUTAGE.multipliedBy(4))
                .until(() -> !rig.brokerAnswers());
        kafka.startBroker();
        TIMES.record(test, "broker restart", "broker stopped and started again (outage)", down);
        long back = RecoveryTimes.start();
        await("committing again after the broker restart")
                .atMost(START)
                .until(() -> app.ready() && rig.committedInputs() > atStop);
        TIMES.record(test, "broker restart", "app RUNNING and committing input offsets again, from broker back", back);
        assertThat(feed.finished())
                .as("the feed still publishes after the restart")
                .isFalse();

        long t0 = RecoveryTimes.start();
        DeliveryReport delivered = feed.stop();
        assertThat(delivered.allDelivered()).as(delivered.toString()).isTrue();
        rig.awaitCaughtUp(Duration.ofMinutes(3), Duration.ofSeconds(3), app::isAlive);
        TIMES.record(test, "broker restart", "all input consumed and outputs quiet, after the feed stopped", t0);
        AppCrashRecoveryIT.assertBooksBalance(rig, delivered.delivered());
    }

    /**
     * The registry goes down and the application restarts meanwhile (a fresh JVM knows no schema):
     * it cannot decode anything, so it must stop and retry rather than dead-letter or skip, and
     * continue once the registry is back. (With the registry down and the app running on, nothing
     * happens at all: every schema it needs is cached, and so are the feed's.)
     */
    @Test
    void registryRestartedMidStreamTheAppRetriesThenContinuesWithoutSkipping(TestInfo info) throws Exception {
        String test = info.getTestMethod().orElseThrow().getName();
        int port = freePort();
        String storage = kafka.uniquePrefix() + "schemas";
        EmbeddedSchemaRegistry[] registry = {startRegistry(port, storage)};
        cleanup.add(() -> registry[0].close());
        FaultRig rig = track(new FaultRig(kafka, registry[0].url()));
        AppJvm app = rig.app("app").start();
        await("first start").atMost(START).until(app::ready);
        SimulatedFeed feed =
                rig.feed(Simulation.events(rig.scenario()).count() / 120.0).start();
        long before = rig.committedInputs();
        await("processing before the outage").atMost(START).until(() -> rig.committedInputs() > before);

        registry[0].close();
        long down = RecoveryTimes.start();
        assertThat(app.kill()).isEqualTo(AppJvm.SIGKILL_STATUS);
        long atOutage = rig.stableCommittedInputs();
        app.start();
        // A record it cannot decode stops the stream thread (StreamsRunner replaces it, the record is
        // read again from the committed offset): the evidence that it waits instead of skipping.
        await("the restarted app stops on the unreachable registry")
                .atMost(START)
                .until(() -> {
                    app.status("/health"); // fails fast if the JVM died
                    String log = Files.readString(app.currentLog(), StandardCharsets.UTF_8);
                    return log.contains("Stream thread crashed") && log.contains("no answer from schema registry");
                });
        assertThat(rig.stableCommittedInputs())
                .as("nothing committed while no record can be decoded")
                .isEqualTo(atOutage);
        registry[0] = startRegistry(port, storage);
        TIMES.record(test, "registry outage + app restart", "registry back (outage)", down);
        long back = RecoveryTimes.start();
        await("committing again after the registry is back")
                .atMost(START)
                .until(() -> app.ready() && rig.committedInputs() > atOutage);
        TIMES.record(
                test, "registry outage + app restart", "app RUNNING and committing again, from registry back", back);

        long t0 = RecoveryTimes.start();
        DeliveryReport delivered = feed.stop();
        assertThat(delivered.allDelivered()).as(delivered.toString()).isTrue();
        rig.awaitCaughtUp(Duration.ofMinutes(3), Duration.ofSeconds(3), app::isAlive);
        TIMES.record(
                test,
                "registry outage + app restart",
                "all input consumed and outputs quiet, after the feed stopped",
                t0);
        assertThat(rig.readAll(rig.topics.deadLetters(), DeadLetter.class))
                .as("dead letters of a clean feed")
                .extracting(r -> r.value().getReasonCode() + " " + r.value().getMessage())
                .isEmpty();
        AppCrashRecoveryIT.assertBooksBalance(rig, delivered.delivered());
    }

    private EmbeddedSchemaRegistry startRegistry(int port, String storageTopic) {
        return EmbeddedSchemaRegistry.builder(kafka.bootstrapServers())
                .port(port)
                .topic(storageTopic)
                .access(RegistryAccess.open())
                .start();
    }

    private FaultRig track(FaultRig rig) {
        cleanup.add(rig);
        return rig;
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
