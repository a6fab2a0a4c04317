package city.ordos.plan.analytics;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AnalyticsSinkTopicsTest {

    private static final List<String> TOPICS = List.of(
            "p1-ordos.goal-progress-history", "p1-ordos.goal-alerts", "p1-ordos.goals", "p1-ordos.dispatch-reports");

    @Test
    void aDatabaseOfTheSameTopicsOrANewOneIsAccepted() {
        assertThatCode(() -> AnalyticsSink.requireSameTopics(Set.of(), TOPICS)).doesNotThrowAnyException();
        assertThatCode(() -> AnalyticsSink.requireSameTopics(Set.of("p1-ordos.goals"), TOPICS))
                .doesNotThrowAnyException();
    }

    @Test
    void aDatabaseFilledFromAnotherPrefixIsRefused() {
        assertThatThrownBy(() -> AnalyticsSink.requireSameTopics(Set.of("ordos.goals"), TOPICS))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ordos.goals")
                .hasMessageContaining("one database per topics prefix");
    }
}
