package city.ordos.plan.producers.sim;

import city.ordos.plan.avro.County;
import city.ordos.plan.vocabulary.Counties;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Project names in the style of the city's project lists (county, what is built, phase). */
final class ProjectNames {

    private static final Map<String, List<String>> WORKS = Map.of(
            "ENERGY", List.of("风光制氢一体化", "光伏治沙", "煤矿智能化改造", "新型储能电站", "源网荷储一体化", "天然气增储上产"),
            "INDUSTRY", List.of("煤制烯烃", "煤制油技术改造", "电子级硅烷", "高铝粉煤灰综合利用", "甲醇醋酸", "固废资源化综合利用"),
            "MANUFACTURING", List.of("高效晶硅电池", "光伏玻璃", "储氢装备制造", "风电装备制造", "新能源重卡", "电子化学品材料"),
            "INFRASTRUCTURE", List.of("高速公路", "农村公路新改建", "燃气管网更新改造", "供水保障提档升级", "物流园区", "算力中心"),
            "SOCIAL", List.of("保障性租赁住房", "老旧小区改造", "特殊教育学校", "县域医共体", "托育服务中心", "职业教育实训基地"),
            "ECOLOGY", List.of("沙化土地综合治理", "废弃矿山生态修复", "林草湿荒一体化保护修复", "黄河流域生态保护", "再生水利用", "高标准农田"),
            "REAL_ESTATE", List.of("城市更新片区", "商住综合体", "人才公寓", "康养社区"));

    private static final List<String> PHASES = List.of("", "一期", "二期", "三期");

    private ProjectNames() {}

    static String name(County county, String sector, SplittableRandom random) {
        List<String> works = WORKS.getOrDefault(sector, WORKS.get("INFRASTRUCTURE"));
        String work = works.get(random.nextInt(works.size()));
        String phase = PHASES.get(random.nextInt(PHASES.size()));
        String kind = sector.equals("INFRASTRUCTURE") || sector.equals("ECOLOGY") ? "工程" : "项目";
        return Counties.chineseName(county) + work + kind + phase;
    }
}
