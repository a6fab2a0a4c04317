package city.ordos.plan.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import city.ordos.plan.avro.Comparator;
import city.ordos.plan.avro.GoalDefinition;
import city.ordos.plan.avro.GoalKind;
import city.ordos.plan.avro.InputStream;
import city.ordos.plan.avro.StatementType;
import city.ordos.plan.units.UnitTable;
import city.ordos.plan.vocabulary.Departments;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The shipped catalog of the 2025 plan: it validates, and the goals users look at first say what the plan says. */
class OrdosCatalogTest {

    static final String RESOURCE = BuiltInCatalog.RESOURCE;

    static List<GoalDefinition> goals() {
        return CatalogValidator.standard().validate(new CatalogParser().parseResource(RESOURCE));
    }

    private final Map<String, GoalDefinition> byId =
            goals().stream().collect(Collectors.toMap(GoalDefinition::getGoalId, Function.identity()));

    @Test
    void validatesAsPlanOrdos2025() {
        assertThat(goals()).hasSize(69).allSatisfy(g -> {
            assertThat(g.getPlanId()).isEqualTo("ordos-2025");
            assertThat(g.getPlanYear()).isEqualTo(2025);
        });
    }

    @Test
    void headlineTargets() {
        assertGoal("gdp-growth", GoalKind.GROWTH, Comparator.ABOUT, "6", "%");
        assertThat(byId.get("gdp-growth").getTolerance()).isEqualByComparingTo("0.5");
        assertThat(byId.get("gdp-growth").getFeed().getMetric()).isEqualTo("gdp.growth_yoy");
        assertGoal("industrial-value-added-growth", GoalKind.GROWTH, Comparator.AT_LEAST, "6.5", "%");
        assertGoal("fixed-asset-investment-growth", GoalKind.GROWTH, Comparator.AT_LEAST, "10", "%");
        assertGoal("general-budget-revenue-growth", GoalKind.GROWTH, Comparator.ABOUT, "2", "%");
        assertGoal("retail-sales-growth", GoalKind.GROWTH, Comparator.AT_LEAST, "5", "%");
        assertThat(byId.values())
                .filteredOn(g -> g.getSection().equals("headline"))
                .hasSize(6);
    }

    @Test
    void majorProjectsInvestmentReadsMunicipalMajorReportsSeasonally() {
        GoalDefinition g =
                assertGoal("major-projects-investment", GoalKind.CUMULATIVE, Comparator.AT_LEAST, "1700", "亿元");
        assertThat(g.getFeed().getStream()).isEqualTo(InputStream.INVESTMENT);
        assertThat(g.getFeed().getMetric()).isEqualTo("investment.completed");
        assertThat(g.getFeed().getCategories()).containsExactly("MUNICIPAL_MAJOR");
        assertThat(g.getFeed().getStatement()).isEqualTo(StatementType.YEAR_TO_DATE);
        assertThat(g.getPace()).isEqualTo("CONSTRUCTION_SEASONAL");
    }

    @Test
    void waterPerGdpIsACapOnARatioOfTwoStreams() {
        GoalDefinition g =
                assertGoal("water-per-10k-yuan-gdp", GoalKind.INTENSITY_CAP, Comparator.AT_MOST, "42.45", "立方米/万元");
        assertThat(g.getNumerator().getStream()).isEqualTo(InputStream.ENVIRONMENT);
        assertThat(g.getDenominator().getStream()).isEqualTo(InputStream.STATISTICS);
        // 1 亿立方米 of water over 10,000 亿元 of GDP is 1 立方米 per 万元... checked with the unit table, by hand:
        // 42.45 m3/万元 x 6000 亿元 (= 6e8 万元) = 2.547e10 m3 = 254.7 亿立方米 = 2,547,000 万立方米
        BigDecimal water = new BigDecimal("2547000");
        BigDecimal gdp = new BigDecimal("6000");
        assertThat(water.divide(gdp).multiply(g.getRatioScale())).isEqualByComparingTo("424.5");
        assertThat(UnitTable.standard()
                        .convert(
                                new BigDecimal("254.7"),
                                "亿立方米",
                                g.getNumerator().getUnit()))
                .isEqualByComparingTo(water);
    }

    @Test
    void grainInJinIsFedByTonnes() {
        GoalDefinition g =
                assertGoal("grain-production-capacity", GoalKind.CUMULATIVE, Comparator.AT_LEAST, "45", "亿斤");
        assertThat(UnitTable.standard()
                        .convert(new BigDecimal("225"), "万吨", g.getFeed().getUnit()))
                .isEqualByComparingTo("45");
    }

    @Test
    void sharesAndCapsAllHaveBothSidesAndAScale() {
        assertThat(byId.values())
                .filteredOn(g -> g.getKind() == GoalKind.SHARE || g.getKind() == GoalKind.INTENSITY_CAP)
                .hasSizeGreaterThanOrEqualTo(12)
                .allSatisfy(g -> {
                    assertThat(g.getNumerator()).isNotNull();
                    assertThat(g.getDenominator()).isNotNull();
                    assertThat(g.getRatioScale()).isNotNull();
                    assertThat(g.getFeed()).isNull();
                });
    }

    @Test
    void ambiguousGoalsSayHowTheyAreRead() {
        assertThat(byId.values())
                .filteredOn(GoalDefinition::getAmbiguous)
                .extracting(GoalDefinition::getGoalId)
                .contains(
                        "new-energy-capacity",
                        "import-export-growth",
                        "sanbei-phase6-projects",
                        "coal-chemical-projects",
                        "disposable-income-growth",
                        "three-changes-reform-villages",
                        "village-collective-operating-income")
                .allSatisfy(id -> assertThat(byId.get(id).getReadingNote()).isNotBlank());
        // the English pages and workbooks name every owning department in English
        assertThat(byId.values())
                .extracting(GoalDefinition::getDepartment)
                .allSatisfy(d -> assertThat(Departments.englishName(d)).as(d).startsWith("Municipal "));
        // the monitoring centre reads Chinese: every note is there in both languages
        assertThat(byId.values())
                .filteredOn(g -> g.getReadingNote() != null)
                .allSatisfy(g -> assertThat(g.getReadingNoteZh())
                        .as(g.getGoalId())
                        .isNotBlank()
                        .containsPattern("\\p{IsHan}"));
        // every 力争/争取 phrase is marked ambiguous
        assertThat(byId.values())
                .filteredOn(
                        g -> g.getPhraseZh().contains("力争") || g.getPhraseZh().contains("争取"))
                .allSatisfy(g -> assertThat(g.getAmbiguous()).as(g.getGoalId()).isTrue());
    }

    @Test
    void everyTargetIsPositiveAndGrowthGoalsReadReleases() {
        assertThat(byId.values())
                .allSatisfy(g ->
                        assertThat(g.getTarget().signum()).as(g.getGoalId()).isPositive());
        assertThat(byId.values())
                .filteredOn(g -> g.getKind() == GoalKind.GROWTH)
                .hasSize(9)
                .allSatisfy(g -> {
                    assertThat(g.getFeed().getStream()).isEqualTo(InputStream.STATISTICS);
                    assertThat(g.getFeed().getStatement()).isEqualTo(StatementType.YEAR_TO_DATE);
                    assertThat(g.getFeed().getMetric()).endsWith(".growth_yoy");
                    assertThat(g.getUnit()).isEqualTo("%");
                });
    }

    private GoalDefinition assertGoal(String id, GoalKind kind, Comparator comparator, String target, String unit) {
        GoalDefinition g = byId.get(id);
        assertThat(g).as(id).isNotNull();
        assertThat(g.getKind()).as(id).isEqualTo(kind);
        assertThat(g.getComparator()).as(id).isEqualTo(comparator);
        assertThat(g.getTarget()).as(id).isEqualByComparingTo(target);
        assertThat(g.getUnit()).as(id).isEqualTo(unit);
        return g;
    }
}
