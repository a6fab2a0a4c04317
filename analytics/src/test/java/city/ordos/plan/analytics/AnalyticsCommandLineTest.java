package city.ordos.plan.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import city.ordos.plan.testing.CliVocabulary;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The sink's commands spell the shared flags as every other command of the product does. */
class AnalyticsCommandLineTest {

    @Test
    void theSinkSpellsTheSharedFlagsTheSameWay() {
        assertThat(CliVocabulary.violations(new CommandLine(new AnalyticsSinkCli())))
                .isEmpty();
    }
}
