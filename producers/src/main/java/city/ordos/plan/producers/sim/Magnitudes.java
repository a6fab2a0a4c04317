package city.ordos.plan.producers.sim;

import city.ordos.plan.units.UnitTable;
import java.math.BigDecimal;
import java.util.Optional;

/**
 * The simulator's view of units, backed by the product's {@link UnitTable}: restating a goal's
 * target in the unit of its feed, letting some sources write a smaller unit (万元 for 亿元) as real
 * ones do, and telling additive amounts from rates.
 */
public final class Magnitudes {

    private static final UnitTable UNITS = UnitTable.standard();

    private Magnitudes() {}

    /** The factor f with value_in_{@code to} = value_in_{@code from} x f, if the table converts between them. */
    public static Optional<BigDecimal> factor(String from, String to) {
        if (from.equals(to)) {
            return Optional.of(BigDecimal.ONE);
        }
        if (!UNITS.convertible(from, to)) {
            return Optional.empty();
        }
        return Optional.of(UNITS.convert(BigDecimal.ONE, from, to));
    }

    /** A unit whose values do not add up over sources: a percentage, a ratio, a per-something rate. */
    public static boolean isRate(String unit) {
        if (unit == null) {
            return true;
        }
        Optional<UnitTable.Unit> known = UNITS.lookup(unit);
        if (known.isPresent()) {
            return !known.get().dimension().additive();
        }
        String u = unit.strip();
        return u.isEmpty()
                || u.equalsIgnoreCase("ratio")
                || u.equals("系数")
                || u.equals("倍")
                || u.contains("/")
                || u.contains("每");
    }

    /** The same quantity in the unit one magnitude smaller (亿元 → 万元), if the table knows it. */
    public static Optional<String> smallerUnit(String unit) {
        if (unit.startsWith("亿") && unit.length() > 1) {
            String smaller = "万" + unit.substring(1);
            if (UNITS.convertible(unit, smaller)) {
                return Optional.of(smaller);
            }
        }
        return Optional.empty();
    }
}
