package city.ordos.plan.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The command's options; its run against a broker is ReconciliationIT. */
class ReconcileCommandTest {

    @Test
    void wait_takes_short_durations() {
        assertThat(ReconcileCommand.parseDuration("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(ReconcileCommand.parseDuration("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(ReconcileCommand.parseDuration("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(ReconcileCommand.parseDuration("1h")).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void a_bad_option_is_a_usage_error_with_status_2() {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new OrdosApp());
        cli.setErr(new PrintWriter(err));
        int status = cli.execute("reconcile", "--wait", "soon");

        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).contains("'soon' is not a duration");
    }

    @Test
    void reconcile_is_a_subcommand_of_the_app() {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new OrdosApp());
        cli.setOut(new PrintWriter(out));
        int status = cli.execute("reconcile", "--help");

        assertThat(status).isZero();
        assertThat(out.toString()).contains("--application-id", "--topic-prefix", "Exit status: 0 balanced");
    }
}
