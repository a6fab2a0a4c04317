package city.ordos.plan.producers.sim;

import city.ordos.plan.avro.Comparator;
import city.ordos.plan.avro.FeedSelector;
import city.ordos.plan.avro.GoalDefinition;
import city.ordos.plan.avro.GoalKind;
import city.ordos.plan.avro.InputStream;
import city.ordos.plan.avro.StatementType;
import city.ordos.plan.testing.TestGoals;
import java.math.BigDecimal;
import java.util.List;

/**
 * A small hand-written catalog with one goal of every kind and the tricky sharing cases (two goals
 * on the same capacity events, a share whose numerator another goal fixes, an intensity cap across
 * two streams). Tests on the real catalog live in CatalogCoverageTest.
 */
public final class SampleGoals {

    private SampleGoals() {}

    static FeedSelector sel(InputStream stream, String metric, StatementType st, String unit, String... cats) {
        return FeedSelector.newBuilder()
                .setStream(stream)
                .setMetric(metric)
                .setStatement(st)
                .setUnit(unit)
                .setCategories(List.of(cats))
                .build();
    }

    static GoalDefinition.Builder goal(String id, GoalKind kind, Comparator cmp, String target, String unit) {
        return TestGoals.goal(id)
                .setSection("test")
                .setSectionTitleZh("测试")
                .setSectionTitleEn("test")
                .setPhraseZh(id)
                .setNameZh(id)
                .setNameEn(id)
                .setUnit(unit)
                .setComparator(cmp)
                .setTarget(new BigDecimal(target))
                .setKind(kind)
                .setDepartment("test")
                .setCadenceDays(35)
                .setPace("LINEAR");
    }

    public static List<GoalDefinition> all() {
        FeedSelector capacityAll = sel(InputStream.ENERGY, "power.capacity", StatementType.LEVEL, "万千瓦");
        FeedSelector generationAll = sel(InputStream.ENERGY, "power.generation", StatementType.PERIOD_FLOW, "亿千瓦时");
        return List.of(
                goal("major-projects-investment", GoalKind.CUMULATIVE, Comparator.AT_LEAST, "1700", "亿元")
                        .setPace("CONSTRUCTION_SEASONAL")
                        .setFeed(sel(
                                InputStream.INVESTMENT,
                                "investment.completed",
                                StatementType.YEAR_TO_DATE,
                                "亿元",
                                "MUNICIPAL_MAJOR"))
                        .build(),
                goal("fixed-asset-investment-growth", GoalKind.GROWTH, Comparator.AT_LEAST, "10", "%")
                        .setCadenceDays(45)
                        .setFeed(sel(
                                InputStream.STATISTICS,
                                "fixed_asset_investment.growth_yoy",
                                StatementType.YEAR_TO_DATE,
                                "%"))
                        .build(),
                goal("gdp-growth", GoalKind.GROWTH, Comparator.ABOUT, "6", "%")
                        .setTolerance(new BigDecimal("0.5"))
                        .setCadenceDays(120)
                        .setFeed(sel(InputStream.STATISTICS, "gdp.growth_yoy", StatementType.YEAR_TO_DATE, "%"))
                        .build(),
                goal("natural-gas-output", GoalKind.CUMULATIVE, Comparator.AT_LEAST, "310", "亿立方米")
                        .setFeed(sel(
                                InputStream.ENERGY, "energy.output", StatementType.PERIOD_FLOW, "亿立方米", "NATURAL_GAS"))
                        .build(),
                goal("new-energy-capacity", GoalKind.LEVEL, Comparator.REACH, "3000", "万千瓦")
                        .setFeed(sel(InputStream.ENERGY, "power.capacity", StatementType.LEVEL, "万千瓦", "WIND", "SOLAR"))
                        .build(),
                goal("clean-capacity-share", GoalKind.SHARE, Comparator.REACH, "44.1", "%")
                        .setPace("CONSTANT")
                        .setRatioScale(new BigDecimal("100"))
                        .setNumerator(sel(
                                InputStream.ENERGY,
                                "power.capacity",
                                StatementType.LEVEL,
                                "万千瓦",
                                "WIND",
                                "SOLAR",
                                "HYDRO"))
                        .setDenominator(capacityAll)
                        .build(),
                goal("clean-generation-share", GoalKind.SHARE, Comparator.REACH, "14.2", "%")
                        .setPace("CONSTANT")
                        .setRatioScale(new BigDecimal("100"))
                        .setNumerator(sel(
                                InputStream.ENERGY,
                                "power.generation",
                                StatementType.PERIOD_FLOW,
                                "亿千瓦时",
                                "WIND",
                                "SOLAR"))
                        .setDenominator(generationAll)
                        .build(),
                goal("desertified-land-treated", GoalKind.CUMULATIVE, Comparator.AT_LEAST, "500", "万亩")
                        .setPace("CONSTRUCTION_SEASONAL")
                        .setFeed(sel(
                                InputStream.ENVIRONMENT,
                                "land.desertification.treated",
                                StatementType.YEAR_TO_DATE,
                                "万亩"))
                        .build(),
                goal("water-per-gdp", GoalKind.INTENSITY_CAP, Comparator.AT_MOST, "42.45", "立方米/万元")
                        .setPace("CONSTANT")
                        .setCadenceDays(120)
                        .setRatioScale(BigDecimal.ONE)
                        .setNumerator(sel(InputStream.ENVIRONMENT, "water.use", StatementType.PERIOD_FLOW, "万立方米"))
                        .setDenominator(sel(InputStream.STATISTICS, "gdp.level", StatementType.YEAR_TO_DATE, "亿元"))
                        .build(),
                goal("irrigation-coefficient", GoalKind.LEVEL, Comparator.AT_LEAST, "0.63", "系数")
                        .setPace("CONSTANT")
                        .setCadenceDays(120)
                        .setFeed(sel(InputStream.ENVIRONMENT, "irrigation.efficiency", StatementType.LEVEL, "系数"))
                        .build(),
                goal("cashmere-goats-on-hand", GoalKind.LEVEL, Comparator.HOLD_AT, "680", "万只")
                        .setPace("CONSTANT")
                        .setFeed(sel(
                                InputStream.ENVIRONMENT,
                                "livestock.on_hand",
                                StatementType.LEVEL,
                                "万只",
                                "CASHMERE_GOAT"))
                        .build(),
                goal("household-toilets", GoalKind.CUMULATIVE, Comparator.AT_LEAST, "2660", "个")
                        .setPace("CONSTRUCTION_SEASONAL")
                        .setFeed(sel(
                                InputStream.ENVIRONMENT,
                                "toilets.built",
                                StatementType.YEAR_TO_DATE,
                                "个",
                                "HOUSEHOLD_TOILET"))
                        .build());
    }
}
