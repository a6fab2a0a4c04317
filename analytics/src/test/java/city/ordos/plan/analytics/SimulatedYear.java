package city.ordos.plan.analytics;

import city.ordos.plan.avro.AlertKind;
import city.ordos.plan.avro.AlertState;
import city.ordos.plan.avro.Comparator;
import city.ordos.plan.avro.County;
import city.ordos.plan.avro.GoalAlert;
import city.ordos.plan.avro.GoalDefinition;
import city.ordos.plan.avro.GoalKind;
import city.ordos.plan.avro.GoalProgress;
import city.ordos.plan.avro.GoalStatus;
import city.ordos.plan.avro.Severity;
import city.ordos.plan.testing.TestGoals;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A deterministic plan year of output records, as the topology would publish them: one progress
 * figure per goal per day (investment goals with a by-county breakdown), alert episodes when a
 * goal falls behind, and the goal catalog.
 */
final class SimulatedYear {

    static final String PLAN = "ordos-2025";
    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final String[] SECTIONS = {"headline", "1", "2", "3", "5"};
    private static final String[] DEPARTMENTS = {"发展改革委", "工业和信息化局", "能源局", "生态环境局", "统计局"};

    private final int goals;
    private final Random random;

    SimulatedYear(int goals, long seed) {
        this.goals = goals;
        this.random = new Random(seed);
    }

    static String goalId(int i) {
        return (i % 3 == 0 ? "investment-" : "goal-") + i;
    }

    static boolean isInvestment(int i) {
        return i % 3 == 0;
    }

    List<GoalDefinition> definitions() {
        List<GoalDefinition> list = new ArrayList<>();
        for (int i = 0; i < goals; i++) {
            list.add(TestGoals.goal(goalId(i))
                    .setSection(SECTIONS[i % SECTIONS.length])
                    .setSectionTitleZh("第" + i + "部分")
                    .setSectionTitleEn("Part " + i)
                    .setPhraseZh("完成目标" + i)
                    .setNameZh("目标" + i)
                    .setNameEn("Goal " + i)
                    .setUnit(isInvestment(i) ? "亿元" : "%")
                    .setTarget(dec(100 + i))
                    .setKind(isInvestment(i) ? GoalKind.CUMULATIVE : GoalKind.LEVEL)
                    .setDepartment(DEPARTMENTS[i % DEPARTMENTS.length])
                    .setCadenceDays(31)
                    .build());
        }
        return list;
    }

    /** Progress of every goal at the end of each day from {@code fromDay} (0 = 1 January) to before {@code toDay}. */
    List<GoalProgress> progress(int fromDay, int toDay) {
        List<GoalProgress> list = new ArrayList<>();
        for (int day = fromDay; day < toDay; day++) {
            LocalDate date = LocalDate.of(2025, 1, 1).plusDays(day);
            Instant asOf = date.plusDays(1).atStartOfDay(SHANGHAI).toInstant().minusMillis(1);
            for (int i = 0; i < goals; i++) {
                list.add(progress(i, day, asOf));
            }
        }
        return list;
    }

    private GoalProgress progress(int i, int day, Instant asOf) {
        BigDecimal target = dec(100 + i);
        double share = (day + 1) / 365.0;
        // Some goals lag behind pace so that statuses and alerts vary.
        double pace = i % 4 == 0 ? 0.8 : 1.0 + random.nextDouble() * 0.05;
        BigDecimal actual = target.multiply(BigDecimal.valueOf(share * pace)).setScale(6, RoundingMode.HALF_UP);
        BigDecimal expected = target.multiply(BigDecimal.valueOf(share)).setScale(6, RoundingMode.HALF_UP);
        Map<String, BigDecimal> byCounty = new LinkedHashMap<>();
        if (isInvestment(i)) {
            BigDecimal rest = actual;
            County[] counties = County.values();
            for (int c = 0; c < counties.length - 1; c++) {
                BigDecimal part =
                        actual.multiply(BigDecimal.valueOf(c + 1)).divide(BigDecimal.valueOf(45), 6, RoundingMode.DOWN);
                byCounty.put(counties[c].name(), part);
                rest = rest.subtract(part);
            }
            byCounty.put(counties[counties.length - 1].name(), rest);
        }
        GoalStatus status = actual.compareTo(expected.multiply(BigDecimal.valueOf(0.85))) < 0
                ? GoalStatus.BEHIND
                : actual.compareTo(expected.multiply(BigDecimal.valueOf(0.95))) < 0
                        ? GoalStatus.AT_RISK
                        : GoalStatus.ON_TRACK;
        return GoalProgress.newBuilder()
                .setPlanId(PLAN)
                .setGoalId(goalId(i))
                .setSection(SECTIONS[i % SECTIONS.length])
                .setNameZh("目标" + i)
                .setNameEn("Goal " + i)
                .setUnit(isInvestment(i) ? "亿元" : "%")
                .setKind(isInvestment(i) ? GoalKind.CUMULATIVE : GoalKind.LEVEL)
                .setComparator(Comparator.AT_LEAST)
                .setTarget(target)
                .setActual(actual)
                .setProgressRatio(actual.doubleValue() / target.doubleValue())
                .setExpectedByNow(expected)
                .setProjectedYearEnd(target.multiply(BigDecimal.valueOf(pace)).setScale(6, RoundingMode.HALF_UP))
                .setStatus(status)
                .setByCounty(byCounty)
                .setContributingSources(1 + random.nextInt(40))
                .setLatestEventTime(asOf.minusSeconds(3600))
                .setAsOf(asOf)
                .setComputedAt(asOf.plusSeconds(1))
                .build();
    }

    /** One alert episode per lagging goal: fired on day 40, escalated on day 90, resolved never. */
    List<GoalAlert> alerts() {
        List<GoalAlert> list = new ArrayList<>();
        for (int i = 0; i < goals; i += 4) {
            Instant fired = LocalDate.of(2025, 2, 10).atStartOfDay(SHANGHAI).toInstant();
            list.add(alert(
                    i, 1, AlertState.FIRING, Severity.WARNING, GoalStatus.ON_TRACK, GoalStatus.AT_RISK, fired, fired));
            list.add(alert(
                    i,
                    2,
                    AlertState.ESCALATED,
                    Severity.CRITICAL,
                    GoalStatus.AT_RISK,
                    GoalStatus.BEHIND,
                    fired,
                    fired.plusSeconds(50L * 86400)));
        }
        return list;
    }

    private GoalAlert alert(
            int i,
            int sequence,
            AlertState state,
            Severity severity,
            GoalStatus before,
            GoalStatus after,
            Instant fired,
            Instant changed) {
        return GoalAlert.newBuilder()
                .setAlertId(PLAN + "/" + goalId(i) + "/1")
                .setSequence(sequence)
                .setPlanId(PLAN)
                .setGoalId(goalId(i))
                .setSection(SECTIONS[i % SECTIONS.length])
                .setDepartment(DEPARTMENTS[i % DEPARTMENTS.length])
                .setKind(AlertKind.FALLING_BEHIND)
                .setState(state)
                .setSeverity(severity)
                .setStatusBefore(before)
                .setStatusAfter(after)
                .setUnit("亿元")
                .setTarget(dec(100 + i))
                .setActual(dec(10))
                .setExpected(dec(12))
                .setProjectedYearEnd(dec(80 + i))
                .setFiredAt(fired)
                .setChangedAt(changed)
                .setMessageZh("目标" + i + "落后")
                .setMessageEn("Goal " + i + " is behind")
                .build();
    }

    static BigDecimal dec(long value) {
        return BigDecimal.valueOf(value).setScale(6);
    }
}
