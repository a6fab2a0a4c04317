package city.ordos.plan.api;

import city.ordos.plan.avro.AlertKind;
import city.ordos.plan.avro.AlertState;
import city.ordos.plan.avro.Comparator;
import city.ordos.plan.avro.DeadLetter;
import city.ordos.plan.avro.FeedSelector;
import city.ordos.plan.avro.GoalAlert;
import city.ordos.plan.avro.GoalDefinition;
import city.ordos.plan.avro.GoalKind;
import city.ordos.plan.avro.GoalProgress;
import city.ordos.plan.avro.GoalStatus;
import city.ordos.plan.avro.InputStream;
import city.ordos.plan.avro.Severity;
import city.ordos.plan.avro.StatementType;
import city.ordos.plan.testing.TestGoals;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Small, readable records for API tests. */
final class Samples {

    static final String PLAN = "ordos-2025";

    private Samples() {}

    static BigDecimal dec(String v) {
        return new BigDecimal(v).setScale(6);
    }

    static GoalDefinition definition(String goalId, String section, String nameZh, String nameEn, String target) {
        return TestGoals.goal(goalId)
                .setSection(section)
                .setSectionTitleZh("第" + section + "部分")
                .setSectionTitleEn("Section " + section)
                .setPhraseZh(nameZh + "达到" + target)
                .setNameZh(nameZh)
                .setNameEn(nameEn)
                .setTarget(dec(target))
                .setDepartment("市发展和改革委员会")
                .setFeed(FeedSelector.newBuilder()
                        .setStream(InputStream.INVESTMENT)
                        .setMetric("investment.completed")
                        .setCategories(List.of())
                        .setStatement(StatementType.YEAR_TO_DATE)
                        .setUnit("亿元")
                        .build())
                .setPace("LINEAR")
                .setCadenceDays(31)
                .build();
    }

    static GoalProgress progress(
            String goalId,
            String section,
            String nameZh,
            String actual,
            String target,
            GoalStatus status,
            Instant asOf,
            Map<String, BigDecimal> byCounty) {
        return GoalProgress.newBuilder()
                .setPlanId(PLAN)
                .setGoalId(goalId)
                .setSection(section)
                .setNameZh(nameZh)
                .setNameEn(goalId + " (en)")
                .setUnit("亿元")
                .setKind(GoalKind.CUMULATIVE)
                .setComparator(Comparator.AT_LEAST)
                .setTarget(dec(target))
                .setActual(actual == null ? null : dec(actual))
                .setProgressRatio(
                        actual == null
                                ? null
                                : new BigDecimal(actual).doubleValue() / new BigDecimal(target).doubleValue())
                .setExpectedByNow(dec(target).divide(BigDecimal.valueOf(2)).setScale(6))
                .setProjectedYearEnd(
                        actual == null
                                ? null
                                : dec(actual).multiply(BigDecimal.valueOf(2)).setScale(6))
                .setStatus(status)
                .setByCounty(byCounty)
                .setContributingSources(byCounty.size())
                .setLatestEventTime(asOf)
                .setAsOf(asOf)
                .setComputedAt(asOf.plusSeconds(1))
                .build();
    }

    static GoalAlert alert(String goalId, AlertState state, int sequence, Instant at) {
        return GoalAlert.newBuilder()
                .setAlertId(PLAN + "/" + goalId + "/falling-behind/1")
                .setSequence(sequence)
                .setPlanId(PLAN)
                .setGoalId(goalId)
                .setSection("3")
                .setDepartment("市发展和改革委员会")
                .setKind(AlertKind.FALLING_BEHIND)
                .setState(state)
                .setSeverity(Severity.WARNING)
                .setStatusBefore(GoalStatus.ON_TRACK)
                .setStatusAfter(GoalStatus.AT_RISK)
                .setUnit("亿元")
                .setTarget(dec("100"))
                .setActual(dec("30"))
                .setExpected(dec("50"))
                .setProjectedYearEnd(dec("60"))
                .setFiredAt(at)
                .setChangedAt(at)
                .setMessageZh("【进度预警】" + goalId + ": 完成预期进度的 60%")
                .setMessageEn("[Behind] " + goalId + ": 60% of expected")
                .build();
    }

    /** A table row the importer refused: its text, file and line. */
    static DeadLetter importedRowLetter() {
        return DeadLetter.newBuilder()
                .setSourceFile("investment-2025-07.csv")
                .setSourceLine(10L)
                .setOriginalKey(ByteBuffer.wrap("ORD-ZD-007".getBytes(StandardCharsets.UTF_8)))
                .setOriginalValue(
                        ByteBuffer.wrap("ORD-ZD-007,项目,东胜区,工业,2025-07-31,约五亿,亿元".getBytes(StandardCharsets.UTF_8)))
                .setReasonCode("INVALID_DECIMAL")
                .setMessage("investment-2025-07.csv line 10: 完成投资 '约五亿' is not a number / 数值格式不正确")
                .setComponent("importer")
                .setDeadLetteredAt(Instant.parse("2025-08-05T02:00:00Z"))
                .build();
    }

    /** A record the app could not decode: binary, shown by its coordinates and size only. */
    static DeadLetter binaryRecordLetter() {
        return DeadLetter.newBuilder()
                .setSourceTopic("ordos.investment-reports")
                .setSourcePartition(3)
                .setSourceOffset(1234L)
                .setOriginalKey(ByteBuffer.wrap("ORD-ZD-008".getBytes(StandardCharsets.UTF_8)))
                .setOriginalValue(ByteBuffer.wrap(new byte[] {0, 0, 0, 0, 42, (byte) 0xff, (byte) 0xfe}))
                .setReasonCode("UNKNOWN_SCHEMA_ID")
                .setMessage("schema id 42 is unknown to the registry")
                .setComponent("streams-app")
                .setDeadLetteredAt(Instant.parse("2025-08-05T03:00:00Z"))
                .build();
    }
}
