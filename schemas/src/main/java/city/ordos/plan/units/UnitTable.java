package city.ordos.plan.units;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The one table that converts amounts between units of the same {@link Dimension}, exactly.
 *
 * <p>Every unit has a factor relative to its dimension's base unit (元, kW, 立方米, 亩, 吨 ...);
 * a conversion multiplies by the source factor and divides by the target factor in
 * {@link BigDecimal}. The only divisions that do not terminate are into 公顷 (1 公顷 = 15 亩) and
 * 平方公里; those are rounded to 34 significant digits ({@link MathContext#DECIMAL128}), far below
 * the six decimals the Avro contract keeps. Everything else is exact.
 *
 * <p>Lookup is by the unit as a source writes it: surrounding blanks are ignored, Latin letters are
 * case-insensitive ("MW", "mw"), and "m3", "m³" and "立方米" are the same. An unknown unit, or two
 * units of different dimensions, throws {@link UnitException} naming both units.
 */
public final class UnitTable {

    /** A known unit: its canonical spelling, dimension and size in the dimension's base unit. */
    public record Unit(String name, Dimension dimension, BigDecimal factor) {
        public Unit {
            Objects.requireNonNull(name);
            Objects.requireNonNull(dimension);
            Objects.requireNonNull(factor);
        }
    }

    private static final UnitTable STANDARD = buildStandard();

    private final Map<String, Unit> byAlias;
    private final Map<String, Unit> byName;

    private UnitTable(Map<String, Unit> byAlias, Map<String, Unit> byName) {
        this.byAlias = Collections.unmodifiableMap(byAlias);
        this.byName = Collections.unmodifiableMap(byName);
    }

    /** The product's unit table (immutable, shared). */
    public static UnitTable standard() {
        return STANDARD;
    }

    /**
     * {@code value} stated in {@code from}, expressed in {@code to}.
     *
     * @throws UnitException if either unit is unknown or they measure different things
     */
    public BigDecimal convert(BigDecimal value, String from, String to) {
        Objects.requireNonNull(value, "value");
        Unit f = lookup(from)
                .orElseThrow(() -> new UnitException(
                        "unknown unit '" + from + "' (converting '" + from + "' to '" + to + "')", from, to));
        Unit t = lookup(to)
                .orElseThrow(() -> new UnitException(
                        "unknown unit '" + to + "' (converting '" + from + "' to '" + to + "')", from, to));
        if (f.dimension() != t.dimension()) {
            throw new UnitException(
                    "cannot convert '" + from + "' (" + f.dimension().description() + ") to '" + to + "' ("
                            + t.dimension().description() + "): different dimensions",
                    from,
                    to);
        }
        if (f.factor().compareTo(t.factor()) == 0) {
            return value;
        }
        BigDecimal base = value.multiply(f.factor());
        try {
            return base.divide(t.factor());
        } catch (ArithmeticException nonTerminating) {
            // 亩 -> 公顷 and the like: a thirds-and-fifteenths quotient has no exact decimal form.
            return base.divide(t.factor(), MathContext.DECIMAL128);
        }
    }

    /** Whether amounts in {@code from} can be converted to {@code to} (both known, same dimension). */
    public boolean convertible(String from, String to) {
        Optional<Unit> f = lookup(from);
        Optional<Unit> t = lookup(to);
        return f.isPresent() && t.isPresent() && f.get().dimension() == t.get().dimension();
    }

    public boolean isKnown(String unit) {
        return lookup(unit).isPresent();
    }

    /** The unit as the table knows it, if it does. */
    public Optional<Unit> lookup(String unit) {
        if (unit == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(byAlias.get(normalise(unit)));
    }

    /** The unit as the table knows it. @throws UnitException for an unknown unit */
    public Unit require(String unit) {
        return lookup(unit).orElseThrow(() -> new UnitException("unknown unit '" + unit + "'", unit, null));
    }

    /** @throws UnitException for an unknown unit */
    public Dimension dimensionOf(String unit) {
        return require(unit).dimension();
    }

    /** Canonical spelling of a known unit, e.g. "万kW" → "万千瓦". @throws UnitException if unknown */
    public String canonical(String unit) {
        return require(unit).name();
    }

    /** Canonical names of every known unit, in table order. */
    public Set<String> units() {
        return byName.keySet();
    }

    private static String normalise(String unit) {
        return unit.strip()
                .toLowerCase(Locale.ROOT)
                .replace('³', '3')
                .replace('％', '%')
                .replace(" ", "");
    }

    private static UnitTable buildStandard() {
        Builder b = new Builder();
        // money, base 元
        b.unit(Dimension.MONEY, "元", "1", "yuan", "rmb", "cny");
        b.unit(Dimension.MONEY, "万元", "1E4", "10k yuan");
        b.unit(Dimension.MONEY, "亿元", "1E8", "100m yuan");
        b.unit(Dimension.MONEY, "万亿元", "1E12");
        // installed power, base kW; 1 万千瓦 = 10 MW = 10,000 kW
        b.unit(Dimension.POWER, "千瓦", "1", "kW");
        b.unit(Dimension.POWER, "万千瓦", "1E4", "万kW");
        b.unit(Dimension.POWER, "兆瓦", "1E3", "MW");
        b.unit(Dimension.POWER, "吉瓦", "1E6", "GW");
        // electricity generated, base kWh
        b.unit(Dimension.ELECTRIC_ENERGY, "千瓦时", "1", "kWh", "度");
        b.unit(Dimension.ELECTRIC_ENERGY, "万千瓦时", "1E4", "万kWh");
        b.unit(Dimension.ELECTRIC_ENERGY, "亿千瓦时", "1E8", "亿kWh");
        b.unit(Dimension.ELECTRIC_ENERGY, "兆瓦时", "1E3", "MWh");
        b.unit(Dimension.ELECTRIC_ENERGY, "吉瓦时", "1E6", "GWh");
        // gas and water volume, base 立方米
        b.unit(Dimension.VOLUME, "立方米", "1", "m3", "方");
        b.unit(Dimension.VOLUME, "万立方米", "1E4", "万m3", "万方");
        b.unit(Dimension.VOLUME, "亿立方米", "1E8", "亿m3", "亿方");
        // land, base 亩; 1 公顷 = 15 亩, 1 平方公里 = 100 公顷
        b.unit(Dimension.AREA, "亩", "1", "mu");
        b.unit(Dimension.AREA, "万亩", "1E4");
        b.unit(Dimension.AREA, "公顷", "15", "ha", "hm2");
        b.unit(Dimension.AREA, "万公顷", "15E4");
        b.unit(Dimension.AREA, "平方公里", "1500", "km2");
        // mass, base 吨; 1 斤 = 0.5 kg, so 1 亿斤 = 5 万吨
        b.unit(Dimension.MASS, "吨", "1", "t");
        b.unit(Dimension.MASS, "万吨", "1E4", "万t");
        b.unit(Dimension.MASS, "亿吨", "1E8");
        b.unit(Dimension.MASS, "千克", "0.001", "kg", "公斤");
        b.unit(Dimension.MASS, "斤", "0.0005");
        b.unit(Dimension.MASS, "万斤", "5");
        b.unit(Dimension.MASS, "亿斤", "5E4");
        // energy as standard coal, base 吨标煤
        b.unit(Dimension.STANDARD_COAL, "吨标煤", "1", "tce", "吨标准煤");
        b.unit(Dimension.STANDARD_COAL, "万吨标煤", "1E4", "万tce", "万吨标准煤");
        b.unit(Dimension.STANDARD_COAL, "亿吨标煤", "1E8", "亿tce", "亿吨标准煤");
        // water per value produced, base 立方米/万元
        b.unit(Dimension.WATER_INTENSITY, "立方米/万元", "1", "m3/万元", "方/万元");
        // percent and plain ratio (1 = 100 %); a coefficient such as irrigation efficiency is a plain ratio
        b.unit(Dimension.RATIO, "%", "0.01", "percent", "百分比");
        b.unit(Dimension.RATIO, "ratio", "1", "比率", "系数", "coefficient");
        b.unit(Dimension.RATIO, "‰", "0.001", "permille");
        b.unit(Dimension.PERCENTAGE_POINT, "百分点", "1", "个百分点", "pp", "percentage point");
        // lengths
        b.unit(Dimension.LENGTH, "公里", "1", "km", "千米");
        b.unit(Dimension.LENGTH, "米", "0.001", "m");
        // people and livestock
        b.unit(Dimension.PERSONS, "人", "1", "persons", "名");
        b.unit(Dimension.PERSONS, "万人", "1E4", "万名");
        b.unit(Dimension.SHEEP_GOATS, "只", "1");
        b.unit(Dimension.SHEEP_GOATS, "万只", "1E4");
        b.unit(Dimension.CATTLE, "头", "1");
        b.unit(Dimension.CATTLE, "万头", "1E4");
        b.unit(Dimension.HOUSEHOLDS, "户", "1", "households");
        b.unit(Dimension.HOUSEHOLDS, "万户", "1E4");
        // counts of things: one dimension per measure word, never converted into each other
        b.unit(Dimension.COUNT_GE, "个", "1");
        b.unit(Dimension.COUNT_GE, "万个", "1E4");
        b.unit(Dimension.COUNT_CHU, "处", "1");
        b.unit(Dimension.COUNT_TAO, "套", "1");
        b.unit(Dimension.COUNT_TAO, "万套", "1E4");
        b.unit(Dimension.COUNT_BU, "部", "1");
        b.unit(Dimension.COUNT_SUO, "所", "1");
        b.unit(Dimension.COUNT_JIA, "家", "1");
        b.unit(Dimension.COUNT_ZUO, "座", "1");
        b.unit(Dimension.COUNT_ZHANG, "张", "1");
        b.unit(Dimension.COUNT_XIANG, "项", "1");
        return new UnitTable(b.byAlias, b.byName);
    }

    private static final class Builder {
        private final Map<String, Unit> byAlias = new LinkedHashMap<>();
        private final Map<String, Unit> byName = new LinkedHashMap<>();

        void unit(Dimension dimension, String name, String factor, String... aliases) {
            Unit u = new Unit(name, dimension, new BigDecimal(factor));
            byName.put(name, u);
            alias(name, u);
            for (String a : aliases) {
                alias(a, u);
            }
        }

        private void alias(String alias, Unit u) {
            Unit previous = byAlias.putIfAbsent(normalise(alias), u);
            if (previous != null && previous != u) {
                throw new IllegalStateException(
                        "unit alias '" + alias + "' is both " + previous.name() + " and " + u.name());
            }
        }
    }
}
