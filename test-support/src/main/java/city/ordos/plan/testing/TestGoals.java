package city.ordos.plan.testing;

import city.ordos.plan.avro.Comparator;
import city.ordos.plan.avro.FeedSelector;
import city.ordos.plan.avro.GoalDefinition;
import city.ordos.plan.avro.GoalKind;
import city.ordos.plan.avro.InputStream;
import city.ordos.plan.avro.StatementType;
import java.math.BigDecimal;
import java.util.List;

/**
 * Goal definitions for tests: every field the contract requires filled with a plain value, so a
 * test sets only what it is about. Defaults: plan ordos-2025 (year 2025), section 1, a cumulative
 * goal of at least 1000 亿元, reported every 45 days; no selectors.
 */
public final class TestGoals {

    public static final String PLAN = "ordos-2025";

    private TestGoals() {}

    /** A goal builder with the required fields set; override any of them, add selectors. */
    public static GoalDefinition.Builder goal(String goalId) {
        return GoalDefinition.newBuilder()
                .setPlanId(PLAN)
                .setGoalId(goalId)
                .setPlanYear(2025)
                .setSection("1")
                .setSectionTitleZh("节")
                .setSectionTitleEn("Section")
                .setPhraseZh("短语")
                .setNameZh("目标" + goalId)
                .setNameEn("Goal " + goalId)
                .setUnit("亿元")
                .setComparator(Comparator.AT_LEAST)
                .setTarget(new BigDecimal("1000"))
                .setKind(GoalKind.CUMULATIVE)
                .setDepartment("发改委")
                .setCadenceDays(45);
    }

    /** A selector taking (stream, metric) statements of one shape in {@code unit}, of any category unless named. */
    public static FeedSelector selector(
            InputStream stream, String metric, StatementType statement, String unit, String... categories) {
        return FeedSelector.newBuilder()
                .setStream(stream)
                .setMetric(metric)
                .setStatement(statement)
                .setUnit(unit)
                .setCategories(List.of(categories))
                .build();
    }
}
