package city.ordos.plan.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * When the month-end reports may go: once the group has processed what its topics held when asked,
 * and, round by round, what that produced downstream.
 */
class ConsumerGroupCatchUpTest {

    private static final TopicPartition INPUT = new TopicPartition("ordos.investment-reports", 0);
    private static final TopicPartition REPARTITION = new TopicPartition("app-progress-partials-repartition", 0);

    /** Offsets as the test sets them. */
    private static final class Topics implements ConsumerGroupCatchUp.Offsets {
        final Map<TopicPartition, Long> starts = new HashMap<>();
        final Map<TopicPartition, Long> ends = new HashMap<>();
        final Map<TopicPartition, Long> committed = new HashMap<>();

        @Override
        public Map<TopicPartition, Long> starts() {
            return Map.copyOf(starts);
        }

        @Override
        public Map<TopicPartition, Long> ends() {
            return Map.copyOf(ends);
        }

        @Override
        public Map<TopicPartition, Long> committed() {
            return Map.copyOf(committed);
        }
    }

    private static Topics topics(long inputEnd, long repartitionEnd) {
        Topics t = new Topics();
        t.starts.put(INPUT, 0L);
        t.starts.put(REPARTITION, 0L);
        t.ends.put(INPUT, inputEnd);
        t.ends.put(REPARTITION, repartitionEnd);
        return t;
    }

    @Test
    void behindUntilTheGroupHasCommittedTheEndsItWasAskedAt() {
        Topics t = topics(1000, 0);
        t.committed.put(INPUT, 400L);
        // A topology of one sub-topology: one round.
        ConsumerGroupCatchUp catchUp = new ConsumerGroupCatchUp(t, 1, () -> {});

        assertThat(catchUp.behind()).hasValue("600 records on 1 partition not yet processed (round 1 of 1)");

        // Input that arrives after the mark does not hold the reports back.
        t.ends.put(INPUT, 5000L);
        t.committed.put(INPUT, 1000L);
        t.committed.put(REPARTITION, 0L);
        assertThat(catchUp.behind()).isEmpty();
    }

    @Test
    void whatTheMarkedInputProducedDownstreamIsWaitedForInTheNextRound() {
        Topics t = topics(1000, 0);
        ConsumerGroupCatchUp catchUp = new ConsumerGroupCatchUp(t, 2, () -> {});
        assertThat(catchUp.behind()).isPresent();

        // The first sub-topology is through the marked input and has written 300 partials.
        t.committed.put(INPUT, 1000L);
        t.ends.put(REPARTITION, 300L);
        assertThat(catchUp.behind()).hasValue("300 records on 1 partition not yet processed (round 2 of 2)");

        t.committed.put(REPARTITION, 299L);
        assertThat(catchUp.behind()).isPresent();
        t.committed.put(REPARTITION, 300L);
        assertThat(catchUp.behind()).isEmpty();
    }

    @Test
    void aPartitionTheGroupNeverCommittedCountsFromItsLogStart() {
        // Retention emptied the input partition: nothing there for the group to process or commit.
        Topics t = topics(700, 0);
        t.starts.put(INPUT, 700L);
        ConsumerGroupCatchUp catchUp = new ConsumerGroupCatchUp(t, 2, () -> {});
        assertThat(catchUp.behind()).isEmpty();

        // With records left after the log start, and nothing committed, it is behind by those.
        t.starts.put(INPUT, 650L);
        assertThat(catchUp.behind()).hasValue("50 records on 1 partition not yet processed (round 1 of 2)");
    }

    @Test
    void onceCaughtUpTheNextAskMarksTheEndsAgain() {
        Topics t = topics(1000, 0);
        t.committed.put(INPUT, 1000L);
        t.committed.put(REPARTITION, 0L);
        ConsumerGroupCatchUp catchUp = new ConsumerGroupCatchUp(t, 2, () -> {});
        assertThat(catchUp.behind()).isEmpty();

        // A month later the app was down while the departments kept reporting.
        t.ends.put(INPUT, 1800L);
        assertThat(catchUp.behind()).hasValue("800 records on 1 partition not yet processed (round 1 of 2)");
    }
}
