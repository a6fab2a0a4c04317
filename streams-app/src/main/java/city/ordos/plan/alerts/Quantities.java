package city.ordos.plan.alerts;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Numbers and units as a department head reads them: targets exactly as the plan states them,
 * measured and projected figures rounded to what the data can support, units in Chinese as the
 * plan writes them and in plain English with the 万/亿 multipliers resolved.
 */
public final class Quantities {

    /** English unit and the factor that converts a value in the Chinese unit into it. */
    private record EnglishUnit(BigDecimal factor, String name) {}

    private static final Map<String, EnglishUnit> ENGLISH = Map.ofEntries(
            Map.entry("亿元", new EnglishUnit(BigDecimal.valueOf(100), "million yuan")),
            Map.entry("万元", new EnglishUnit(new BigDecimal("0.01"), "million yuan")),
            Map.entry("万亿元", new EnglishUnit(BigDecimal.ONE, "trillion yuan")),
            Map.entry("元", new EnglishUnit(BigDecimal.ONE, "yuan")),
            Map.entry("万千瓦", new EnglishUnit(BigDecimal.TEN, "MW")),
            Map.entry("千瓦", new EnglishUnit(BigDecimal.ONE, "kW")),
            Map.entry("亿千瓦时", new EnglishUnit(BigDecimal.valueOf(100), "million kWh")),
            Map.entry("亿立方米", new EnglishUnit(BigDecimal.valueOf(100), "million m³")),
            Map.entry("万立方米", new EnglishUnit(new BigDecimal("0.01"), "million m³")),
            Map.entry("立方米", new EnglishUnit(BigDecimal.ONE, "m³")),
            Map.entry("万吨", new EnglishUnit(BigDecimal.TEN, "thousand tonnes")),
            Map.entry("亿吨", new EnglishUnit(BigDecimal.valueOf(100), "million tonnes")),
            Map.entry("万吨标煤", new EnglishUnit(BigDecimal.TEN, "thousand tonnes of standard coal")),
            Map.entry("亿吨标煤", new EnglishUnit(BigDecimal.valueOf(100), "million tonnes of standard coal")),
            Map.entry("吨", new EnglishUnit(BigDecimal.ONE, "tonnes")),
            // 1 jin = 0.5 kg, so 1亿斤 = 50,000 t
            Map.entry("亿斤", new EnglishUnit(BigDecimal.valueOf(50), "thousand tonnes")),
            Map.entry("万亩", new EnglishUnit(BigDecimal.TEN, "thousand mu")),
            Map.entry("亩", new EnglishUnit(BigDecimal.ONE, "mu")),
            Map.entry("万人", new EnglishUnit(BigDecimal.TEN, "thousand people")),
            Map.entry("人", new EnglishUnit(BigDecimal.ONE, "people")),
            Map.entry("万头", new EnglishUnit(BigDecimal.TEN, "thousand head")),
            Map.entry("万只", new EnglishUnit(BigDecimal.TEN, "thousand head")),
            Map.entry("个", new EnglishUnit(BigDecimal.ONE, "")),
            Map.entry("座", new EnglishUnit(BigDecimal.ONE, "")),
            Map.entry("所", new EnglishUnit(BigDecimal.ONE, "")),
            Map.entry("处", new EnglishUnit(BigDecimal.ONE, "")),
            Map.entry("部", new EnglishUnit(BigDecimal.ONE, "")),
            Map.entry("家", new EnglishUnit(BigDecimal.ONE, "")),
            Map.entry("套", new EnglishUnit(BigDecimal.ONE, "")),
            Map.entry("系数", new EnglishUnit(BigDecimal.ONE, "")),
            Map.entry("户", new EnglishUnit(BigDecimal.ONE, "households")),
            Map.entry("公里", new EnglishUnit(BigDecimal.ONE, "km")),
            Map.entry("立方米/万元", new EnglishUnit(BigDecimal.ONE, "m³ per 10,000 yuan")),
            Map.entry("吨标煤/万元", new EnglishUnit(BigDecimal.ONE, "t standard coal per 10,000 yuan")));

    /** The magnitude words of the English names, largest first. */
    private static final List<Map.Entry<String, BigDecimal>> MAGNITUDES = List.of(
            Map.entry("trillion", BigDecimal.TEN.pow(12)),
            Map.entry("million", BigDecimal.TEN.pow(6)),
            Map.entry("thousand", BigDecimal.TEN.pow(3)));

    private Quantities() {}

    /** A target as the plan states it: exact, without trailing zeros, thousands separated. */
    public static String exact(BigDecimal value) {
        return grouped(value.stripTrailingZeros());
    }

    /**
     * A measured or projected figure: one decimal from 100 up, two below, trailing zeros dropped,
     * thousands separated as on the screen ("108,312.7 million yuan", not "108312.7").
     */
    public static String rounded(BigDecimal value) {
        int scale = value.abs().compareTo(BigDecimal.valueOf(100)) >= 0 ? 1 : 2;
        return grouped(value.setScale(scale, RoundingMode.HALF_UP).stripTrailingZeros());
    }

    /** A ratio as a whole percentage, e.g. 0.7249 → "72%". */
    public static String percent(BigDecimal ratio) {
        return plain(ratio.movePointRight(2).setScale(0, RoundingMode.HALF_UP)) + "%";
    }

    /** "8.1%", "1234.5亿元": Chinese number and unit, no space. */
    public static String zh(String number, String unit) {
        return unit == null || unit.isBlank() ? number : number + unit;
    }

    /** Rounded figure with its unit in English, e.g. 8.1亿元 → "810 million yuan". */
    public static String enRounded(BigDecimal value, String unit) {
        EnglishUnit english = ENGLISH.get(unit == null ? "" : unit.strip());
        if (english == null) {
            return en(rounded(value), unit);
        }
        return en(rounded(value.multiply(english.factor())), english.name());
    }

    /** Exact figure with its unit in English. */
    public static String enExact(BigDecimal value, String unit) {
        EnglishUnit english = ENGLISH.get(unit == null ? "" : unit.strip());
        if (english == null) {
            return en(exact(value), unit);
        }
        return en(exact(value.multiply(english.factor())), english.name());
    }

    /**
     * The English name of a Chinese unit for a value left as stated in it (a page showing the plan's
     * figures): the name and factor {@link #enRounded} converts with, the factor folded into the name,
     * e.g. 万千瓦 → "10 MW", 亿元 → "100 million yuan", 万元 → "10 thousand yuan", 万亩 → "10 thousand mu",
     * 万亿元 → "trillion yuan"; a count (个, 所) has no name (""); "%" and a unit not known stay as they are.
     */
    public static String enUnit(String unit) {
        if (unit == null) {
            return null;
        }
        EnglishUnit english = ENGLISH.get(unit.strip());
        if (english == null) {
            return unit;
        }
        BigDecimal count = english.factor();
        String name = english.name();
        for (Map.Entry<String, BigDecimal> m : MAGNITUDES) {
            if (name.startsWith(m.getKey() + " ")) {
                count = count.multiply(m.getValue());
                name = name.substring(m.getKey().length() + 1);
                break;
            }
        }
        List<String> words = new ArrayList<>();
        for (Map.Entry<String, BigDecimal> m : MAGNITUDES) {
            if (count.compareTo(m.getValue()) >= 0) {
                count = count.divide(m.getValue());
                words.add(m.getKey());
                break;
            }
        }
        if (count.compareTo(BigDecimal.ONE) != 0) {
            words.add(0, plain(count.stripTrailingZeros()));
        }
        if (!name.isEmpty()) {
            words.add(name);
        }
        return String.join(" ", words);
    }

    private static String en(String number, String unit) {
        if (unit == null || unit.isBlank()) {
            return number;
        }
        if (unit.equals("%") || unit.equals("‰")) {
            return number + unit;
        }
        return number + " " + unit;
    }

    private static String grouped(BigDecimal value) {
        if (value.signum() == 0) {
            return "0";
        }
        DecimalFormat f = new DecimalFormat("#,##0", DecimalFormatSymbols.getInstance(Locale.ROOT));
        int decimals = Math.max(0, value.scale());
        f.setMinimumFractionDigits(decimals);
        f.setMaximumFractionDigits(decimals);
        return f.format(value);
    }

    private static String plain(BigDecimal value) {
        return value.signum() == 0 ? "0" : value.toPlainString();
    }
}
