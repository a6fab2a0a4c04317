package city.ordos.plan.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import city.ordos.plan.avro.Comparator;
import city.ordos.plan.avro.GoalDefinition;
import city.ordos.plan.avro.GoalKind;
import city.ordos.plan.avro.InputStream;
import city.ordos.plan.avro.StatementType;
import java.util.List;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

/** Every way a catalog entry can be wrong is reported, naming the entry and the field. */
class CatalogValidatorTest {

    private static final String HEADER = """
            planId: test-2025
            planYear: 2025
            sections:
              "1": {titleZh: 测试, titleEn: Test}
            goals:
            """;

    private static final String GAS = """
              - id: gas
                section: "1"
                phraseZh: 天然气产量超过310亿立方米
                nameZh: 天然气产量
                nameEn: Natural gas output
                unit: 亿立方米
                comparator: AT_LEAST
                target: 310
                kind: CUMULATIVE
                department: 市能源局
                feed: {stream: ENERGY, metric: energy.output, categories: [NATURAL_GAS], statement: PERIOD_FLOW, unit: 万立方米}
                pace: LINEAR
                cadenceDays: 35
            """;

    private static final String SHARE = """
              - id: clean-share
                section: "1"
                phraseZh: 清洁能源装机占全部装机比重达44.1%
                nameZh: 清洁能源装机占比
                nameEn: Clean capacity share
                unit: "%"
                comparator: REACH
                target: 44.1
                kind: SHARE
                department: 市能源局
                numerator: {stream: ENERGY, metric: power.capacity, categories: [WIND, SOLAR], statement: LEVEL, unit: 万千瓦}
                denominator: {stream: ENERGY, metric: power.capacity, statement: LEVEL, unit: MW}
                ratioScale: 1000
                pace: CONSTANT
                cadenceDays: 35
            """;

    private static final String CAP = """
              - id: water-cap
                section: "1"
                phraseZh: 万元国内生产总值用水量控制在42.45立方米以下
                nameZh: 万元GDP用水量
                nameEn: Water per GDP
                unit: 立方米/万元
                comparator: AT_MOST
                target: 42.45
                kind: INTENSITY_CAP
                department: 市水利局
                numerator: {stream: ENVIRONMENT, metric: water.use, statement: PERIOD_FLOW, unit: 万立方米}
                denominator: {stream: STATISTICS, metric: gdp.level, statement: YEAR_TO_DATE, unit: 亿元}
                ratioScale: 1
                pace: CONSTANT
                cadenceDays: 100
            """;

    private static final String GROWTH = """
              - id: gdp-growth
                section: "1"
                phraseZh: 地区生产总值增长6%左右
                nameZh: GDP增速
                nameEn: GDP growth
                unit: "%"
                comparator: ABOUT
                target: 6
                tolerance: 0.5
                kind: GROWTH
                department: 市发展和改革委员会
                feed: {stream: STATISTICS, metric: gdp.growth_yoy, statement: YEAR_TO_DATE, unit: "%"}
                pace: CONSTANT
                cadenceDays: 100
            """;

    private static List<GoalDefinition> validate(String... goals) {
        String yaml = HEADER + String.join("", goals);
        return CatalogValidator.standard().validate(new CatalogParser().parse(yaml, "inline.yaml"));
    }

    private static List<CatalogError> errors(String... goals) {
        try {
            validate(goals);
        } catch (CatalogException e) {
            assertThat(e.getMessage()).contains("nothing published");
            return e.errors();
        }
        throw new AssertionError("expected a CatalogException");
    }

    @Test
    void validEntriesBecomeGoalDefinitions() {
        List<GoalDefinition> goals = validate(GAS, SHARE, CAP, GROWTH);
        assertThat(goals)
                .extracting(GoalDefinition::getGoalId)
                .containsExactly("gas", "clean-share", "water-cap", "gdp-growth");
        GoalDefinition gas = goals.get(0);
        assertThat(gas.getPlanId()).isEqualTo("test-2025");
        assertThat(gas.getPlanYear()).isEqualTo(2025);
        assertThat(gas.getSectionTitleEn()).isEqualTo("Test");
        assertThat(gas.getKind()).isEqualTo(GoalKind.CUMULATIVE);
        assertThat(gas.getComparator()).isEqualTo(Comparator.AT_LEAST);
        assertThat(gas.getTarget()).isEqualByComparingTo("310").hasScaleOf(6);
        assertThat(gas.getFeed().getStream()).isEqualTo(InputStream.ENERGY);
        assertThat(gas.getFeed().getCategories()).containsExactly("NATURAL_GAS");
        assertThat(gas.getFeed().getStatement()).isEqualTo(StatementType.PERIOD_FLOW);
        assertThat(gas.getAmbiguous()).isFalse();
        assertThat(goals.get(3).getTolerance()).isEqualByComparingTo("0.5");
        assertThat(goals.get(2).getTarget()).isEqualByComparingTo("42.45");
    }

    @Test
    void unknownGoalUnit() {
        assertThat(errors(GAS.replace("unit: 亿立方米", "unit: 亿桶")))
                .containsExactly(new CatalogError("gas", "unit", "unknown unit '亿桶'"));
    }

    @Test
    void unknownFeedUnit() {
        assertThat(errors(GAS.replace("unit: 万立方米}", "unit: 万桶}")))
                .containsExactly(new CatalogError("gas", "feed.unit", "unknown unit '万桶'"));
    }

    @Test
    void feedUnitNotConvertibleFromItsEventsUnit() {
        List<CatalogError> errors = errors(GAS.replace("unit: 万立方米}", "unit: 万吨}"));
        assertThat(errors)
                .extracting(CatalogError::entry, CatalogError::field)
                .contains(Tuple.tuple("gas", "feed.unit"));
        assertThat(errors.get(0).message()).contains("'亿立方米'").contains("'万吨'");
    }

    @Test
    void missingRequiredFields() {
        List<CatalogError> errors =
                errors(GAS.replace("    target: 310\n", "").replace("    phraseZh: 天然气产量超过310亿立方米\n", ""));
        assertThat(errors)
                .containsExactlyInAnyOrder(
                        new CatalogError("gas", "phraseZh", "missing"), new CatalogError("gas", "target", "missing"));
    }

    @Test
    void entryWithoutIdIsNamedByPosition() {
        assertThat(errors(GROWTH, GAS.replace("  - id: gas\n", "  - \n")))
                .contains(new CatalogError("#2", "id", "missing"));
    }

    @Test
    void duplicateId() {
        List<CatalogError> errors = errors(GAS, GAS);
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0).entry()).isEqualTo("gas");
        assertThat(errors.get(0).field()).isEqualTo("id");
        assertThat(errors.get(0).message()).contains("duplicate id 'gas'").contains("#2");
    }

    @Test
    void unknownStream() {
        assertThat(errors(GAS.replace("stream: ENERGY", "stream: WEATHER")))
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.entry()).isEqualTo("gas");
                    assertThat(e.field()).isEqualTo("feed.stream");
                    assertThat(e.message()).contains("'WEATHER' is not one of");
                });
    }

    @Test
    void metricNotInTheVocabularyMatchesNoEvent() {
        assertThat(errors(GAS.replace("metric: energy.output", "metric: energy.outptu")))
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.field()).isEqualTo("feed.metric");
                    assertThat(e.message()).contains("no ENERGY event has metric 'energy.outptu'");
                });
    }

    @Test
    void metricOfAnotherStreamMatchesNoEvent() {
        assertThat(errors(GROWTH.replace("stream: STATISTICS", "stream: ENVIRONMENT")))
                .extracting(CatalogError::field)
                .contains("feed.metric");
    }

    @Test
    void unknownCategoryMatchesNoEvent() {
        assertThat(errors(GAS.replace("[NATURAL_GAS]", "[NATURAL_GAS, SHALE_OIL]")))
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.field()).isEqualTo("feed.categories");
                    assertThat(e.message()).contains("'SHALE_OIL'").contains("NATURAL_GAS");
                });
    }

    @Test
    void statementShapeTheEventsNeverHave() {
        assertThat(errors(GAS.replace("statement: PERIOD_FLOW", "statement: LEVEL")))
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.field()).isEqualTo("feed.statement");
                    assertThat(e.message()).contains("PERIOD_FLOW statements, not LEVEL");
                });
    }

    @Test
    void shareWithoutDenominator() {
        assertThat(errors(SHARE.replaceAll("    denominator: .*\n", "")))
                .containsExactly(new CatalogError(
                        "clean-share", "denominator", "missing: a SHARE goal is a ratio of two aggregates"));
    }

    @Test
    void intensityCapWithoutDenominator() {
        assertThat(errors(CAP.replaceAll("    denominator: .*\n", "")))
                .extracting(CatalogError::entry, CatalogError::field)
                .containsExactly(Tuple.tuple("water-cap", "denominator"));
    }

    @Test
    void shareWithAFeedInsteadOfARatio() {
        assertThat(errors(SHARE.replace("    numerator:", "    feed:")))
                .extracting(CatalogError::field)
                .contains("feed", "numerator");
    }

    @Test
    void ratioScaleThatWouldShowTheWrongNumber() {
        assertThat(errors(SHARE.replace("ratioScale: 1000", "ratioScale: 100")))
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.field()).isEqualTo("ratioScale");
                    assertThat(e.message()).contains("it must be 1000");
                });
        assertThat(errors(CAP.replace("unit: 亿元}", "unit: 万元}")))
                .singleElement()
                .satisfies(e -> assertThat(e.message()).contains("it must be 10000"));
    }

    @Test
    void aboutWithoutTolerance() {
        assertThat(errors(GROWTH.replace("    tolerance: 0.5\n", "")))
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.entry()).isEqualTo("gdp-growth");
                    assertThat(e.field()).isEqualTo("tolerance");
                    assertThat(e.message()).contains("ABOUT needs a tolerance");
                });
    }

    @Test
    void toleranceOnAComparatorThatHasNone() {
        assertThat(errors(GAS.replace("    target: 310\n", "    target: 310\n    tolerance: 5\n")))
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.field()).isEqualTo("tolerance");
                    assertThat(e.message()).contains("only ABOUT and HOLD_AT take a tolerance, comparator is AT_LEAST");
                });
    }

    @Test
    void aStartLevelIsPublishedForAShareThatBuildsUpAndRefusedWhereNobodyReadsIt() {
        String building = SHARE.replace("pace: CONSTANT", "pace: LINEAR\n    startLevel: 30");
        assertThat(validate(building).get(0).getStartLevel())
                .isEqualByComparingTo("30")
                .hasScaleOf(6);
        assertThat(validate(SHARE).get(0).getStartLevel()).isNull();

        assertThat(errors(SHARE.replace("pace: CONSTANT", "pace: CONSTANT\n    startLevel: 30")))
                .singleElement()
                .satisfies(e -> assertThat(e.message()).contains("pace CONSTANT expects the target all year"));
        assertThat(errors(GAS.replace("pace: LINEAR", "pace: LINEAR\n    startLevel: 30")))
                .containsExactly(new CatalogError(
                        "gas",
                        "startLevel",
                        "only LEVEL and SHARE goals build up from a start level, kind is CUMULATIVE"));
        assertThat(errors(building.replace("startLevel: 30", "startLevel: 44.1")))
                .singleElement()
                .satisfies(e -> assertThat(e.message()).contains("is not below the target 44.1"));
        assertThat(errors(building.replace("startLevel: 30", "startLevel: -1")))
                .singleElement()
                .satisfies(e -> assertThat(e.message()).contains("must be 0 or more"));
        assertThat(errors(building.replace("startLevel: 30", "startLevel: many")))
                .extracting(CatalogError::field)
                .containsExactly("startLevel");
    }

    @Test
    void capThatIsNotAtMost() {
        assertThat(errors(CAP.replace("comparator: AT_MOST", "comparator: AT_LEAST")))
                .containsExactly(new CatalogError(
                        "water-cap", "comparator", "an INTENSITY_CAP is a cap: AT_MOST, not AT_LEAST"));
    }

    @Test
    void growthWithoutBaselineMustReadReleases() {
        assertThat(errors(GROWTH.replace(
                        "metric: gdp.growth_yoy, statement: YEAR_TO_DATE, unit: \"%\"",
                        "metric: gdp.level, statement: YEAR_TO_DATE, unit: 亿元")))
                .extracting(CatalogError::field)
                .containsExactly("feed");
    }

    @Test
    void unknownEnumsSectionPaceAndTypos() {
        List<CatalogError> errors = errors(GAS.replace("kind: CUMULATIVE", "kind: TOTAL")
                .replace("section: \"1\"", "section: \"9\"")
                .replace("pace: LINEAR", "pace: SLOW")
                .replace("cadenceDays: 35", "cadenceDays: 35\n    taget: 300"));
        assertThat(errors)
                .extracting(CatalogError::field)
                .containsExactlyInAnyOrder("kind", "section", "pace", "taget");
        assertThat(errors).allSatisfy(e -> assertThat(e.entry()).isEqualTo("gas"));
    }

    @Test
    void numbersThatAreNotNumbers() {
        assertThat(errors(GAS.replace("target: 310", "target: 三百一十").replace("cadenceDays: 35", "cadenceDays: 0")))
                .extracting(CatalogError::field)
                .containsExactlyInAnyOrder("target", "cadenceDays");
    }

    @Test
    void ambiguousGoalNeedsAReadingNote() {
        assertThat(errors(GAS.replace("cadenceDays: 35", "cadenceDays: 35\n    ambiguous: true")))
                .containsExactly(new CatalogError("gas", "readingNote", "an ambiguous goal must say how it is read"));
    }

    @Test
    void aChineseReadingNoteGoesBesideTheEnglishOneAndIsPublished() {
        assertThat(errors(GAS.replace("cadenceDays: 35", "cadenceDays: 35\n    readingNoteZh: 按年产量理解")))
                .containsExactly(new CatalogError(
                        "gas",
                        "readingNote",
                        "a Chinese reading note (readingNoteZh) needs the English one beside it"));
        GoalDefinition both = validate(GAS.replace(
                        "cadenceDays: 35",
                        "cadenceDays: 35\n    readingNote: the year's output\n    readingNoteZh: 按年产量理解"))
                .get(0);
        assertThat(both.getReadingNote()).isEqualTo("the year's output");
        assertThat(both.getReadingNoteZh()).isEqualTo("按年产量理解");
    }

    @Test
    void idMustBeKebabCase() {
        assertThat(errors(GAS.replace("id: gas", "id: Gas_Output")))
                .extracting(CatalogError::field)
                .containsExactly("id");
    }

    @Test
    void shareOfTwoDifferentThings() {
        assertThat(errors(SHARE.replace(
                        "metric: power.capacity, statement: LEVEL, unit: MW}",
                        "metric: power.generation, statement: PERIOD_FLOW, unit: 亿千瓦时}")))
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.field()).isEqualTo("denominator.unit");
                    assertThat(e.message()).contains("'万千瓦' and '亿千瓦时' differ");
                });
    }

    @Test
    void capWhoseNumeratorIsNotTheTopOfItsUnit() {
        assertThat(errors(CAP.replace(
                                "metric: water.use, statement: PERIOD_FLOW, unit: 万立方米",
                                "metric: water.saved, statement: YEAR_TO_DATE, unit: 万立方米")
                        .replace("unit: 立方米/万元", "unit: 万亩")))
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.field()).isEqualTo("unit");
                    assertThat(e.message()).contains("per-unit unit");
                });
    }

    @Test
    void unknownFieldInsideAFeed() {
        assertThat(errors(GAS.replace(
                        "statement: PERIOD_FLOW, unit: 万立方米}", "statement: PERIOD_FLOW, unit: 万立方米, catgories: [X]}")))
                .extracting(CatalogError::field)
                .containsExactly("feed.catgories");
    }

    @Test
    void everyErrorOfEveryEntryIsCollected() {
        assertThatThrownBy(() -> validate(
                        GAS.replace("unit: 亿立方米", "unit: 亿桶"),
                        SHARE.replaceAll("    denominator: .*\n", ""),
                        GROWTH.replace("    tolerance: 0.5\n", "")))
                .isInstanceOf(CatalogException.class)
                .hasMessageContaining("3 error(s)")
                .hasMessageContaining("gas.unit: unknown unit '亿桶'")
                .hasMessageContaining("clean-share.denominator: missing")
                .hasMessageContaining("gdp-growth.tolerance: ABOUT needs a tolerance");
    }

    @Test
    void planHeaderErrors() {
        String yaml = "planYear: twenty\nsections: {}\ngoals: []\nowner: me\n";
        assertThatThrownBy(() -> CatalogValidator.standard().validate(new CatalogParser().parse(yaml, "h.yaml")))
                .isInstanceOfSatisfying(
                        CatalogException.class,
                        e -> assertThat(e.errors())
                                .extracting(CatalogError::field)
                                .containsExactlyInAnyOrder("owner", "planId", "planYear", "goals"));
    }

    @Test
    void malformedYamlAndDuplicateKeysFailAtOnce() {
        assertThatThrownBy(() -> new CatalogParser().parse("planId: [unclosed\n", "bad.yaml"))
                .isInstanceOf(CatalogException.class)
                .hasMessageContaining("bad.yaml")
                .hasMessageContaining("not valid YAML");
        assertThatThrownBy(() -> new CatalogParser()
                        .parse(
                                HEADER + GAS.replace("    pace: LINEAR\n", "    pace: LINEAR\n    target: 320\n"),
                                "dup.yaml"))
                .isInstanceOf(CatalogException.class)
                .hasMessageContaining("target");
    }
}
