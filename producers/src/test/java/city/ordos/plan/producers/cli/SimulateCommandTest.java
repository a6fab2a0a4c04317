package city.ordos.plan.producers.cli;

import static org.assertj.core.api.Assertions.assertThat;

import city.ordos.plan.producers.ProducersCli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The simulate command without a broker: dry runs on the bundled catalog and configuration errors. */
class SimulateCommandTest {

    private static String run(int[] status, String... args) {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            status[0] = ProducersCli.execute(args);
        } finally {
            System.setOut(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    @Test
    void dryRunOnTheBundledCatalogCountsEventsPerTopicAndNamesTheChosenGoals() {
        int[] status = new int[1];
        String out = run(
                status,
                "simulate",
                "--goals",
                "bundled",
                "--dry-run",
                "--scenario",
                "lagging",
                "--until",
                "2025-04-10");

        assertThat(status[0]).isZero();
        assertThat(out)
                .contains("scenario lagging, seed 2025")
                .contains("lagging goals: desertified-land-treated, gdp-growth, major-projects-investment, "
                        + "new-energy-capacity")
                .contains("ordos.investment-reports")
                .contains("ordos.energy-readings")
                .contains("ordos.environment-readings")
                .contains("ordos.statistics-releases")
                .contains("total");
    }

    @Test
    void dirtyDryRunCountsTheDefectsSeparately() {
        int[] status = new int[1];
        String out = run(
                status,
                "simulate",
                "--goals",
                "bundled",
                "--dry-run",
                "--scenario",
                "dirty",
                "--dirty-share",
                "0.2",
                "--until",
                "2025-06-10");

        assertThat(status[0]).isZero();
        assertThat(out).contains("(NOT_AVRO)").contains("(NEGATIVE_AMOUNT)").contains("(OUTSIDE_PLAN_YEAR)");
    }

    @Test
    void badConfigurationExitsWith2() {
        int[] status = new int[1];
        run(status, "simulate", "--goals", "bundled", "--dry-run", "--scenario", "sideways");
        assertThat(status[0]).isEqualTo(2);
        run(status, "simulate", "--goals", "bundled", "--dry-run", "-X", "acks=1");
        assertThat(status[0]).isEqualTo(2);
        run(status, "simulate", "--goals", "/no/such/catalog.yaml", "--dry-run");
        assertThat(status[0]).isEqualTo(2);
    }

    @Test
    void durationsReadAsUsersWriteThem() {
        assertThat(SimulateCommand.parseDuration("3m")).isEqualTo(Duration.ofMinutes(3));
        assertThat(SimulateCommand.parseDuration("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(SimulateCommand.parseDuration("PT10M")).isEqualTo(Duration.ofMinutes(10));
        assertThat(SimulateCommand.parseDuration("1.5h")).isEqualTo(Duration.ofMinutes(90));
    }
}
