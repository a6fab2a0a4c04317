package city.ordos.plan.infra.serde;

import city.ordos.plan.avro.Comparator;
import city.ordos.plan.avro.County;
import city.ordos.plan.avro.EnergyReading;
import city.ordos.plan.avro.EnvironmentReading;
import city.ordos.plan.avro.GoalKind;
import city.ordos.plan.avro.GoalProgress;
import city.ordos.plan.avro.GoalStatus;
import city.ordos.plan.avro.InvestmentReport;
import city.ordos.plan.avro.Quantity;
import city.ordos.plan.avro.StatementHeader;
import city.ordos.plan.avro.StatementType;
import city.ordos.plan.avro.StatisticsRelease;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Realistic events of every input schema (plus an output with maps and doubles), with edge values. */
final class SampleEvents {

    private SampleEvents() {}

    static BigDecimal amount(String value) {
        return new BigDecimal(value).setScale(6);
    }

    static StatementHeader header(String eventId, String sourceId, String asOf, County county) {
        Instant eventTime = Instant.parse(asOf);
        return StatementHeader.newBuilder()
                .setEventId(eventId)
                .setSourceId(sourceId)
                .setEventTime(eventTime)
                .setReportedAt(eventTime.plusSeconds(36 * 3600))
                .setCounty(county)
                .build();
    }

    static List<InvestmentReport> investmentReports() {
        return List.of(
                InvestmentReport.newBuilder()
                        .setHeader(header(
                                "inv-2025-06-PRJ017", "PRJ-2025-017", "2025-06-30T15:59:59.999Z", County.KANGBASHI))
                        .setProjectId("PRJ-2025-017")
                        .setProjectName("康巴什区数据中心二期")
                        .setTier("MUNICIPAL_MAJOR")
                        .setSector("INFRASTRUCTURE")
                        .setQuantity(Quantity.newBuilder()
                                .setValue(amount("3.215000"))
                                .setUnit("亿元")
                                .build())
                        .build(),
                InvestmentReport.newBuilder()
                        .setHeader(header("inv-2025-09-PRJ433", "PRJ-2025-433", "2025-09-30T16:00:00Z", null))
                        .setProjectId("PRJ-2025-433")
                        .setProjectName("鄂尔多斯市现代煤化工产业示范区项目")
                        .setTier("OTHER_FIXED_ASSET")
                        .setSector("MANUFACTURING")
                        .setStatement(StatementType.YEAR_TO_DATE)
                        .setQuantity(Quantity.newBuilder()
                                .setValue(amount("12345678901234567890123456789012.123456"))
                                .setUnit("万元")
                                .build())
                        .build());
    }

    static List<EnergyReading> energyReadings() {
        return List.of(
                EnergyReading.newBuilder()
                        .setHeader(header("gas-2025-03-SULIGE", "GAS-SULIGE", "2025-03-31T16:00:00Z", County.WUSHEN))
                        .setFacilityId("GAS-SULIGE")
                        .setEnergySource("NATURAL_GAS")
                        .setMetric("energy.output")
                        .setStatement(StatementType.PERIOD_FLOW)
                        .setPeriod("2025-03")
                        .setQuantity(Quantity.newBuilder()
                                .setValue(amount("12.5"))
                                .setUnit("亿立方米")
                                .build())
                        .build(),
                EnergyReading.newBuilder()
                        .setHeader(
                                header("cap-2025-08-WIND03", "WIND-HANGJIN-03", "2025-08-15T04:00:00Z", County.HANGJIN))
                        .setFacilityId("WIND-HANGJIN-03")
                        .setEnergySource("WIND")
                        .setMetric("power.capacity")
                        .setStatement(StatementType.LEVEL)
                        .setQuantity(Quantity.newBuilder()
                                .setValue(amount("0"))
                                .setUnit("万千瓦")
                                .build())
                        .build());
    }

    static List<EnvironmentReading> environmentReadings() {
        return List.of(
                EnvironmentReading.newBuilder()
                        .setHeader(
                                header("land-2025-05-HJ", "FORESTRY-HANGJIN", "2025-05-31T16:00:00Z", County.HANGJIN))
                        .setMetric("land.desertification.treated")
                        .setStatement(StatementType.YEAR_TO_DATE)
                        .setQuantity(Quantity.newBuilder()
                                .setValue(amount("85.000001"))
                                .setUnit("万亩")
                                .build())
                        .build(),
                EnvironmentReading.newBuilder()
                        .setHeader(header("water-2025-04-IND", "WATER-BUREAU", "2025-04-30T16:00:00Z", null))
                        .setMetric("water.use")
                        .setCategory("INDUSTRY")
                        .setStatement(StatementType.PERIOD_FLOW)
                        .setPeriod("2025-04")
                        // A restatement correcting an over-report: negative amounts must survive exactly.
                        .setQuantity(Quantity.newBuilder()
                                .setValue(amount("-0.000128"))
                                .setUnit("亿立方米")
                                .build())
                        .build());
    }

    static List<StatisticsRelease> statisticsReleases() {
        return List.of(
                StatisticsRelease.newBuilder()
                        .setHeader(header("gdp-2025-Q3", "STATS-ORDOS-GDP", "2025-09-30T16:00:00Z", null))
                        .setIndicator("gdp")
                        .setMeasure("GROWTH_YOY")
                        .setMetric("gdp.growth_yoy")
                        .setPeriod("2025-Q3")
                        .setQuantity(Quantity.newBuilder()
                                .setValue(amount("5.8"))
                                .setUnit("%")
                                .build())
                        .build(),
                StatisticsRelease.newBuilder()
                        .setHeader(header("jobs-2025-09", "STATS-ORDOS-JOBS", "2025-09-30T16:00:00Z", County.DONGSHENG))
                        .setIndicator("urban_new_jobs")
                        .setMeasure("LEVEL")
                        .setMetric("urban_new_jobs.level")
                        .setStatement(StatementType.LEVEL)
                        .setQuantity(Quantity.newBuilder()
                                .setValue(amount("1.2"))
                                .setUnit("万人")
                                .build())
                        .build());
    }

    static GoalProgress goalProgress() {
        // Avro writes map entries in iteration order; a fixed order keeps the expected bytes comparable.
        Map<String, BigDecimal> byCounty = new LinkedHashMap<>();
        byCounty.put("KANGBASHI", amount("1.1"));
        byCounty.put("WUSHEN", amount("-0.3"));
        return GoalProgress.newBuilder()
                .setPlanId("ordos-2025")
                .setGoalId("fixed-asset-investment-growth")
                .setSection("一")
                .setNameZh("固定资产投资增长")
                .setNameEn("Fixed-asset investment growth")
                .setUnit("%")
                .setKind(GoalKind.GROWTH)
                .setComparator(Comparator.AT_LEAST)
                .setTarget(amount("10"))
                .setActual(amount("6.2"))
                .setNumerator(null)
                .setDenominator(null)
                .setProgressRatio(0.62)
                .setExpectedByNow(amount("7.25"))
                .setProjectedYearEnd(amount("8.4"))
                .setStatus(GoalStatus.AT_RISK)
                .setByCounty(byCounty)
                .setContributingSources(2)
                .setLatestEventTime(Instant.parse("2025-09-30T16:00:00Z"))
                .setAsOf(Instant.parse("2025-10-08T02:00:00Z"))
                .setComputedAt(Instant.parse("2025-10-08T02:00:01.250Z"))
                .build();
    }
}
