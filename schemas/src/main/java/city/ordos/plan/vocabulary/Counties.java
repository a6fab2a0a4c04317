package city.ordos.plan.vocabulary;

import city.ordos.plan.avro.County;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The nine county-level units of Ordos: their Chinese names (as report files write them) and
 * English names (as the API shows them next to the Chinese ones), and how a report's county text
 * is read.
 */
public final class Counties {

    private static final Map<County, String> CHINESE = Map.of(
            County.DONGSHENG, "东胜区",
            County.KANGBASHI, "康巴什区",
            County.DALATE, "达拉特旗",
            County.ZHUNGEER, "准格尔旗",
            County.ETUOKEQIAN, "鄂托克前旗",
            County.ETUOKE, "鄂托克旗",
            County.HANGJIN, "杭锦旗",
            County.WUSHEN, "乌审旗",
            County.YIJINHUOLUO, "伊金霍洛旗");

    private static final Map<County, String> ENGLISH = Map.of(
            County.DONGSHENG, "Dongsheng District",
            County.KANGBASHI, "Kangbashi District",
            County.DALATE, "Dalad Banner",
            County.ZHUNGEER, "Jungar Banner",
            County.ETUOKEQIAN, "Otog Front Banner",
            County.ETUOKE, "Otog Banner",
            County.HANGJIN, "Hanggin Banner",
            County.WUSHEN, "Uxin Banner",
            County.YIJINHUOLUO, "Ejin Horo Banner");

    private Counties() {}

    public static String chineseName(County county) {
        return CHINESE.get(county);
    }

    /** The English name screens and exports use (Dongsheng District, Jungar Banner ...). */
    public static String englishName(County county) {
        return ENGLISH.get(county);
    }

    /**
     * Reads a county as a report writes it: the full Chinese name (准格尔旗), the name without its
     * 旗/区 suffix (准格尔), or the pinyin symbol (ZHUNGEER, case-insensitive).
     */
    public static Optional<County> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String t = text.strip();
        if (t.isEmpty()) {
            return Optional.empty();
        }
        for (Map.Entry<County, String> e : CHINESE.entrySet()) {
            String zh = e.getValue();
            if (t.equals(zh) || t.equals(zh.substring(0, zh.length() - 1))) {
                return Optional.of(e.getKey());
            }
        }
        try {
            return Optional.of(County.valueOf(t.toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException notASymbol) {
            return Optional.empty();
        }
    }
}
