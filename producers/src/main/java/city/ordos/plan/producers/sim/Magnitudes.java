package city.ordos.plan.producers.sim;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/**
 * Conversions between units that differ only by a Chinese magnitude prefix (亿元 and 万元, 亿立方米
 * and 万立方米, 万亩 and 亩). The simulator uses them to restate a goal's target in the unit of its
 * feed and to let some sources write the smaller unit, as real ones do. Anything else is not
 * converted here; the streams app owns the full unit table.
 */
public final class Magnitudes {

    private static final List<Prefix> PREFIXES = List.of(
            new Prefix("亿", new BigDecimal("100000000")),
            new Prefix("万", new BigDecimal("10000")));

    private record Prefix(String text, BigDecimal factor) {
    }

    private Magnitudes() {
    }

    /** The factor f with value_in_{@code to} = value_in_{@code from} x f, if the two differ only by prefix. */
    public static Optional<BigDecimal> factor(String from, String to) {
        if (from.equals(to)) {
            return Optional.of(BigDecimal.ONE);
        }
        Split a = split(from);
        Split b = split(to);
        if (a.base.isEmpty() || !a.base.equals(b.base) || isRate(a.base)) {
            return Optional.empty();
        }
        return Optional.of(a.factor.divide(b.factor));
    }

    /** A unit whose values do not add up over sources: a percentage, a ratio, a per-something rate. */
    public static boolean isRate(String unit) {
        if (unit == null) {
            return true;
        }
        String u = unit.strip();
        return u.isEmpty() || u.equals("%") || u.equals("‰") || u.equalsIgnoreCase("ratio")
                || u.equals("系数") || u.equals("倍") || u.contains("/") || u.contains("每") || u.equals("百分点");
    }

    /** The same quantity in the unit one magnitude smaller (亿元 → 万元), if there is one. */
    public static Optional<String> smallerUnit(String unit) {
        if (unit.startsWith("亿") && unit.length() > 1 && !isRate(unit)) {
            return Optional.of("万" + unit.substring(1));
        }
        return Optional.empty();
    }

    private record Split(BigDecimal factor, String base) {
    }

    private static Split split(String unit) {
        for (Prefix p : PREFIXES) {
            if (unit.startsWith(p.text) && unit.length() > p.text.length()) {
                return new Split(p.factor, unit.substring(p.text.length()));
            }
        }
        return new Split(BigDecimal.ONE, unit);
    }
}
