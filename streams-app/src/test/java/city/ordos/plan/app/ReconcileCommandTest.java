package city.ordos.plan.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The command's options (as a subcommand of the launcher: OrdosAppTest); its run against a broker is ReconciliationIT. */
class ReconcileCommandTest {

    @Test
    void waitTakesShortDurations() {
        assertThat(ReconcileCommand.parseDuration("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(ReconcileCommand.parseDuration("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(ReconcileCommand.parseDuration("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(ReconcileCommand.parseDuration("1h")).isEqualTo(Duration.ofHours(1));
    }
}
