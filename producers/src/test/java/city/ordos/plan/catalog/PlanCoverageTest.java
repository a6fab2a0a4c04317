package city.ordos.plan.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import city.ordos.plan.avro.GoalDefinition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The catalog covers the plan: every phrase listed here is in the plan text and is the phrase of
 * that goal in the catalog, and every figure of the plan body is either inside a covered phrase or
 * listed with a reason in docs/plan/ordos-2025-not-targets.tsv.
 *
 * <p>How the targets were enumerated: every run of digits between the opening of the targets
 * ("综合考虑宏观经济形势") and the distribution list ("抄送") is a candidate, plus the phrases that
 * commit to a figure without a digit (全覆盖, 全部完成, 基本同步, 能耗强度下降目标). A candidate is
 * covered when it lies inside the text of some goal's phraseZh, or inside an excluded context.
 */
class PlanCoverageTest {

    static final Path PLAN = RepoFiles.path("docs/plan/ordos-2025-plan.zh.txt");
    static final Path NOT_TARGETS = RepoFiles.path("docs/plan/ordos-2025-not-targets.tsv");

    /** Goal id -> the plan phrase it watches. Removing a goal or a phrase from the plan fails this test. */
    static final Map<String, String> COVERED = Map.ofEntries(
            Map.entry("gdp-growth", "地区生产总值增长6%左右"),
            Map.entry("industrial-value-added-growth", "规上工业增加值增长6.5%以上"),
            Map.entry("fixed-asset-investment-growth", "固定资产投资增长10%以上"),
            Map.entry("general-budget-revenue-growth", "一般公共预算收入同口径增长2%左右"),
            Map.entry("retail-sales-growth", "社会消费品零售总额增长5%以上"),
            Map.entry("disposable-income-growth", "城乡居民人均可支配收入与经济增长基本同步"),
            Map.entry("sanbei-phase6-projects", "持续推进“三北”工程六期第一批21个重点项目"),
            Map.entry("desertified-land-treated", "完成沙化土地治理500万亩"),
            Map.entry("integrated-ecological-restoration", "林草湿荒一体化保护修复1000万亩"),
            Map.entry("green-mines-built", "新建成自治区级以上绿色矿山20个"),
            Map.entry("coal-mining-area-plans-approved", "争取神东、万利、高头窑、准格尔4处矿区总规获批"),
            Map.entry("natural-gas-output", "天然气产量超过310亿立方米"),
            Map.entry("energy-production-capacity", "能源综合生产能力达到7.6亿吨标煤"),
            Map.entry("new-energy-capacity", "力争全市新能源装机规模突破3000万千瓦"),
            Map.entry("clean-energy-capacity-share", "清洁能源装机占全部装机比重达44.1%"),
            Map.entry("clean-energy-generation-share", "清洁能源发电占全部发电比重达到14.2%"),
            Map.entry("high-standard-farmland", "建设高标准农田19万亩"),
            Map.entry("saline-alkali-land-treated", "开展盐碱地综合治理5万亩"),
            Map.entry("grain-sown-area", "粮食播种面积稳定在500万亩以上"),
            Map.entry("grain-production-capacity", "粮食综合生产能力达45亿斤以上"),
            Map.entry("cashmere-goats-on-hand", "绒山羊存栏稳定在680万只以上"),
            Map.entry("cashmere-output", "羊绒产量稳定在3500吨以上"),
            Map.entry("mutton-sheep-on-hand", "肉羊存栏保持在1300万只以上"),
            Map.entry("beef-cattle-on-hand", "肉牛存栏达到60万头"),
            Map.entry("meat-output", "肉类总产量稳定在25万吨"),
            Map.entry("dairy-cows-on-hand", "奶牛存栏达到13万头"),
            Map.entry("milk-output", "奶类总产量稳定在65万吨"),
            Map.entry("agricultural-socialized-services-area", "农业社会化服务面积稳定在340万亩以上"),
            Map.entry("import-export-growth", "力争进出口总额同比增长20%以上"),
            Map.entry("higher-level-funds", "争取上级资金300亿元以上"),
            Map.entry("major-projects-under-way", "年内实施的433个市级重大项目"),
            Map.entry("major-projects-investment", "完成投资1700亿元以上"),
            Map.entry("manufacturing-investment-growth", "制造业投资增长15%"),
            Map.entry("project-pipeline-investment", "储备项目总投资额达到3万亿元以上"),
            Map.entry("investment-attracted", "引进到位资金1000亿元以上"),
            Map.entry("cloud-tour-users", "实现用户数突破240万"),
            Map.entry("cloud-tour-online-sales", "线上交易额突破1.5亿元"),
            Map.entry("coal-chemical-projects", "卓正甲醇醋酸等35个项目建设"),
            Map.entry("non-coal-industry-share", "非煤产业增加值占规上工业增加值比重达25%左右"),
            Map.entry("water-per-10k-yuan-gdp", "万元国内生产总值用水量控制在42.45立方米以下"),
            Map.entry("groundwater-overdraft-areas-balanced", "推动拦沙换水工程实施和8个地下水超采区采补平衡"),
            Map.entry("irrigation-water-efficiency", "农田灌溉水利用系数达到0.63以上"),
            Map.entry("water-saved", "新增节水0.4亿立方米"),
            Map.entry("water-per-10k-yuan-industrial-value-added", "万元工业增加值用水量控制在17.18立方米以下"),
            Map.entry("nonconventional-water-utilization", "确保非常规水利用率达到90%以上"),
            Map.entry("zero-waste-cells", "打造100个“无废细胞”示范区"),
            Map.entry("three-changes-reform-villages", "力争“三变”改革嘎查村达到160个"),
            Map.entry("old-residential-compounds-renovated", "力争2005年前老旧小区全部完成改造"),
            Map.entry("elevators-installed", "加装电梯150部以上"),
            Map.entry("affordable-rental-housing", "建设保障性租赁住房3600套"),
            Map.entry("linkage-funds-industry-share", "保持衔接资金用于产业发展的比重达到65%以上"),
            Map.entry("village-collective-operating-income", "嘎查村集体经济经营性收入超过30万元"),
            Map.entry("rural-household-toilets", "新建农村牧区户厕2660个"),
            Map.entry("rural-public-toilets", "公厕152个"),
            Map.entry("sanitary-toilet-coverage", "卫生厕所普及率达到76%以上"),
            Map.entry("rural-operation-pilot-villages", "择优遴选10个嘎查村启动试点工作"),
            Map.entry("rural-roads-built", "新改建农村公路300公里"),
            Map.entry("utility-pipelines-renewed", "实施燃气等四类管网更新改造200公里以上"),
            Map.entry("gas-enterprises-online-supervision", "实现174家燃气经营企业线上监管"),
            Map.entry("rural-water-supply-projects", "实施农村牧区供水工程14处"),
            Map.entry("urban-new-jobs", "新增城镇就业2.2万人以上"),
            Map.entry("kindergartens-with-nursery-classes", "幼儿园开设托班的占比达到40%以上"),
            Map.entry("community-childcare-coverage", "城市社区托育服务率达到90%以上"),
            Map.entry("childcare-places-per-thousand-growth", "每千人口拥有三岁以下婴幼儿托位数增长5%"),
            Map.entry("special-education-school", "建设1所特殊教育学校"),
            Map.entry("vocational-enrolment", "力争在校生规模达到3万人"),
            Map.entry("small-rural-schools-paired", "实现旗区城镇学校与农村牧区小规模学校结对帮扶全覆盖"),
            Map.entry("county-medical-communities-up-to-standard", "推动7个旗县域医共体全部达到国家建设标准"),
            Map.entry("elderly-care-medical-coverage", "实现养老机构、社区养老服务机构医疗卫生服务全覆盖"));

    private static final List<String> FIGURELESS_COMMITMENTS = List.of("全覆盖", "全部完成", "基本同步", "能耗强度下降目标");

    private final String plan = read(PLAN);
    private final Map<String, GoalDefinition> catalog =
            OrdosCatalogTest.goals().stream().collect(Collectors.toMap(GoalDefinition::getGoalId, g -> g));

    @Test
    void everyCoveredPhraseIsStillInThePlanText() {
        assertThat(COVERED.entrySet())
                .allSatisfy(e -> assertThat(plan).as("phrase of %s", e.getKey()).contains(e.getValue()));
    }

    @Test
    void everyCoveredPhraseIsStillInTheCatalog() {
        assertThat(COVERED.entrySet()).allSatisfy(e -> {
            assertThat(catalog).as("catalog entry %s", e.getKey()).containsKey(e.getKey());
            assertThat(catalog.get(e.getKey()).getPhraseZh()).isEqualTo(e.getValue());
        });
    }

    @Test
    void everyCatalogGoalIsListedHereSoCoverageIsReviewed() {
        assertThat(catalog.keySet()).containsExactlyInAnyOrderElementsOf(COVERED.keySet());
        assertThat(catalog.values())
                .allSatisfy(g -> assertThat(plan).as(g.getGoalId()).contains(g.getPhraseZh()));
    }

    @Test
    void everyFigureOfThePlanIsCoveredOrExcludedWithAReason() {
        Map<String, String> excluded = notTargets();
        assertThat(excluded.keySet())
                .allSatisfy(c -> assertThat(plan).as("excluded context").contains(c));
        assertThat(excluded.values()).allSatisfy(r -> assertThat(r).isNotBlank());

        List<int[]> accounted = new ArrayList<>();
        COVERED.values().forEach(p -> occurrences(p).forEach(accounted::add));
        excluded.keySet().forEach(c -> occurrences(c).forEach(accounted::add));

        int start = plan.indexOf("综合考虑宏观经济形势");
        int end = plan.indexOf("抄送");
        assertThat(start).isPositive();
        assertThat(end).isGreaterThan(start);
        List<String> uncovered = new ArrayList<>();
        int figures = 0;
        Matcher m = Pattern.compile("\\d+(?:\\.\\d+)?").matcher(plan).region(start, end);
        while (m.find()) {
            figures++;
            if (!inside(accounted, m.start(), m.end())) {
                uncovered.add(m.group() + " in \u2026" + context(m.start(), m.end()) + "\u2026");
            }
        }
        for (String word : FIGURELESS_COMMITMENTS) {
            for (int[] at : occurrences(word)) {
                if (at[0] >= start && at[1] <= end && !inside(accounted, at[0], at[1])) {
                    uncovered.add(word + " in \u2026" + context(at[0], at[1]) + "\u2026");
                }
            }
        }
        assertThat(figures).as("figures in the plan body").isGreaterThan(80);
        assertThat(uncovered)
                .as("figures of the plan neither in a catalog phrase nor excluded in " + NOT_TARGETS)
                .isEmpty();
    }

    @Test
    void repositoryCopyOfThePlanIsTheSharedSeedWhenPresent() {
        Path seed = RepoFiles.root().resolveSibling("shared").resolve("seed/000_0f566dd991c107b0.txt");
        assumeTrue(Files.exists(seed), "no shared seed beside the repository");
        assertThat(plan).isEqualTo(read(seed));
    }

    static Map<String, String> notTargets() {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : read(NOT_TARGETS).split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split("\t", -1);
            assertThat(parts).as("line '%s' must be context<TAB>reason", line).hasSize(2);
            out.put(parts[0], parts[1]);
        }
        return out;
    }

    private List<int[]> occurrences(String text) {
        List<int[]> out = new ArrayList<>();
        for (int i = plan.indexOf(text); i >= 0; i = plan.indexOf(text, i + 1)) {
            out.add(new int[] {i, i + text.length()});
        }
        return out;
    }

    private static boolean inside(List<int[]> ranges, int from, int to) {
        return ranges.stream().anyMatch(r -> r[0] <= from && to <= r[1]);
    }

    private String context(int from, int to) {
        return plan.substring(Math.max(0, from - 12), Math.min(plan.length(), to + 8))
                .replace('\n', ' ');
    }

    static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
