package city.ordos.plan.vocabulary;

import java.util.Map;

/**
 * English names of the Ordos municipal departments that own goals. The catalog names a department
 * as the city does, in Chinese; pages and workbooks in English show this name, and a department
 * not listed here keeps its Chinese name rather than a made-up one.
 */
public final class Departments {

    private static final Map<String, String> ENGLISH = Map.ofEntries(
            Map.entry("市发展和改革委员会", "Municipal Development and Reform Commission"),
            Map.entry("市农牧局", "Municipal Bureau of Agriculture and Animal Husbandry"),
            Map.entry("市水利局", "Municipal Water Resources Bureau"),
            Map.entry("市能源局", "Municipal Energy Bureau"),
            Map.entry("市住房和城乡建设局", "Municipal Bureau of Housing and Urban-Rural Development"),
            Map.entry("市教育局", "Municipal Education Bureau"),
            Map.entry("市工业和信息化局", "Municipal Bureau of Industry and Information Technology"),
            Map.entry("市林业和草原局", "Municipal Forestry and Grassland Bureau"),
            Map.entry("市商务局", "Municipal Bureau of Commerce"),
            Map.entry("市卫生健康委员会", "Municipal Health Commission"),
            Map.entry("市财政局", "Municipal Finance Bureau"),
            Map.entry("市文化和旅游局", "Municipal Bureau of Culture and Tourism"),
            Map.entry("市自然资源局", "Municipal Bureau of Natural Resources"),
            Map.entry("市生态环境局", "Municipal Bureau of Ecology and Environment"),
            Map.entry("市民政局", "Municipal Civil Affairs Bureau"),
            Map.entry("市人力资源和社会保障局", "Municipal Bureau of Human Resources and Social Security"),
            Map.entry("市交通运输局", "Municipal Transport Bureau"),
            Map.entry("市统计局", "Municipal Statistics Bureau"));

    private Departments() {}

    /** The department's English name; its Chinese name when it has none here (or null for null). */
    public static String englishName(String chineseName) {
        return chineseName == null ? null : ENGLISH.getOrDefault(chineseName, chineseName);
    }
}
