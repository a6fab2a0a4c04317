package city.ordos.plan.flink;

import static org.assertj.core.api.Assertions.assertThat;

import city.ordos.plan.vocabulary.ContributionRole;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The peer's aggregation on Flink's own operator test harness: the latest statement per
 * (goal, role, source, period) supersedes, restatements may lower a figure, stale and repeated
 * statements change nothing, and each goal's figure is the sum of its sources' standing statements.
 */
class GoalAggregationTest {

    private static final long END_OF_FEB = 1_740_758_399_999L; // 2025-02-28 23:59:59.999 Shanghai
    private static final long END_OF_MARCH = 1_743_436_799_999L; // 2025-03-31 23:59:59.999 Shanghai
    private static final long END_OF_APRIL = 1_746_028_799_999L; // 2025-04-30 23:59:59.999 Shanghai

    private KeyedOneInputStreamOperatorTestHarness<String, StatementUpdate, ContributionChange> latest;
    private KeyedOneInputStreamOperatorTestHarness<String, ContributionChange, GoalFigure> sum;

    @BeforeEach
    void open() throws Exception {
        latest = ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                new LatestStatement(), StatementUpdate::statementKey, Types.STRING);
        sum = ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                new GoalSum(0), ContributionChange::goalKey, Types.STRING);
    }

    @AfterEach
    void close() throws Exception {
        latest.close();
        sum.close();
    }

    @Test
    void latestStatementPerSourceSupersedesAndGoalsSumTheirSources() throws Exception {
        send(ytd("plan/fai", "PRJ-1", "10", "DONGSHENG", END_OF_FEB));
        send(ytd("plan/fai", "PRJ-2", "5", "KANGBASHI", END_OF_FEB));
        send(ytd("plan/fai", "PRJ-1", "10", "DONGSHENG", END_OF_FEB)); // delivered twice: no change
        send(ytd("plan/fai", "PRJ-1", "25", "DONGSHENG", END_OF_MARCH)); // later as-of supersedes
        send(ytd("plan/fai", "PRJ-1", "99", "DONGSHENG", END_OF_FEB)); // older as-of, late: ignored
        send(ytd("plan/fai", "PRJ-1", "20", "DONGSHENG", END_OF_MARCH)); // restatement, same as-of, lower
        send(ytd("plan/energy", "PRJ-1", "7", "DONGSHENG", END_OF_APRIL)); // another goal, its own sum

        List<GoalFigure> out = sum.extractOutputValues();
        assertThat(out)
                .extracting(GoalFigure::goalKey, f -> f.feed().toPlainString(), GoalFigure::contributions)
                .containsExactly(
                        tuple("plan/fai", "10.000000", 1),
                        tuple("plan/fai", "15.000000", 2),
                        tuple("plan/fai", "30.000000", 2),
                        tuple("plan/fai", "25.000000", 2),
                        tuple("plan/energy", "7.000000", 1));
        GoalFigure fai = out.get(3);
        assertThat(fai.byCounty())
                .isEqualTo(Map.of("DONGSHENG", new BigDecimal("20.000000"), "KANGBASHI", new BigDecimal("5.000000")));
        assertThat(fai.latestEventTime()).isEqualTo(END_OF_MARCH);
    }

    @Test
    void flowsOfOneSourceAddUpOverPeriodsAndCountAsOneContributor() throws Exception {
        send(flow("plan/gas", "FIELD-1", "2025-01", "3", 1L));
        send(flow("plan/gas", "FIELD-1", "2025-02", "4", 2L));
        send(flow("plan/gas", "FIELD-1", "2025-01", "2", 3L)); // January restated down

        assertThat(sum.extractOutputValues())
                .extracting(f -> f.feed().toPlainString(), GoalFigure::contributions)
                .containsExactly(tuple("3.000000", 1), tuple("7.000000", 1), tuple("6.000000", 1));
    }

    @Test
    void withAnEmitIntervalAGoalIsEmittedOncePerIntervalWithItsLatestSum() throws Exception {
        sum.close();
        sum = ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                new GoalSum(200), ContributionChange::goalKey, Types.STRING);
        sum.setProcessingTime(1_000);
        send(ytd("plan/fai", "PRJ-1", "10", "DONGSHENG", END_OF_FEB));
        send(ytd("plan/fai", "PRJ-2", "5", "KANGBASHI", END_OF_FEB));
        assertThat(sum.extractOutputValues()).isEmpty();

        sum.setProcessingTime(1_200);
        assertThat(sum.extractOutputValues())
                .extracting(f -> f.feed().toPlainString())
                .containsExactly("15.000000");
    }

    /** Through both keyed functions, as the job chains them (the harnesses stand in for the keyBy). */
    private void send(StatementUpdate update) throws Exception {
        int before = latest.extractOutputValues().size();
        latest.processElement(update, update.eventTime());
        List<ContributionChange> changes = latest.extractOutputValues();
        for (ContributionChange change : changes.subList(before, changes.size())) {
            sum.processElement(change, change.eventTime());
        }
    }

    private static StatementUpdate ytd(String goal, String source, String value, String county, long asOf) {
        return new StatementUpdate(
                StatementUpdate.statementKey(goal, ContributionRole.FEED.name(), source, null),
                goal,
                ContributionRole.FEED.name(),
                source,
                new BigDecimal(value).setScale(6),
                county,
                asOf,
                asOf + 86_400_000L);
    }

    private static StatementUpdate flow(String goal, String source, String period, String value, long reportedAt) {
        return new StatementUpdate(
                StatementUpdate.statementKey(goal, ContributionRole.FEED.name(), source, period),
                goal,
                ContributionRole.FEED.name(),
                source,
                new BigDecimal(value).setScale(6),
                null,
                END_OF_FEB,
                END_OF_FEB + reportedAt);
    }

    private static Tuple tuple(Object... values) {
        return Tuple.tuple(values);
    }
}
