package city.ordos.plan.progress;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.HashMap;
import java.util.Map;

/**
 * The units the plan states its targets in, grouped in families that convert by a decimal factor
 * (亿元 = 10^4 万元 = 10^8 元). Two units of different families never convert.
 */
public final class BasicUnits implements UnitConverter {

    private record Unit(String family, BigDecimal factor) {
    }

    private final Map<String, Unit> units = new HashMap<>();

    public BasicUnits() {
        family("money", "元", "1", "万元", "1e4", "亿元", "1e8");
        family("power", "kW", "1", "千瓦", "1", "MW", "1e3", "万千瓦", "1e4", "GW", "1e6");
        family("volume", "立方米", "1", "m3", "1", "万立方米", "1e4", "亿立方米", "1e8");
        family("area", "亩", "1", "万亩", "1e4", "公顷", "15");
        family("mass", "吨", "1", "万吨", "1e4", "亿吨", "1e8");
        family("grain", "斤", "1", "万斤", "1e4", "亿斤", "1e8");
        family("coal-equivalent", "吨标煤", "1", "万吨标煤", "1e4", "亿吨标煤", "1e8");
        family("energy", "千瓦时", "1", "kWh", "1", "万千瓦时", "1e4", "亿千瓦时", "1e8");
        family("percent", "%", "1", "百分点", "1");
        family("ratio", "ratio", "1");
        family("water-intensity", "立方米/万元", "1");
        family("energy-intensity", "吨标煤/万元", "1");
        family("head", "头", "1", "万头", "1e4");
        family("animal", "只", "1", "万只", "1e4");
        family("people", "人", "1", "万人", "1e4");
        family("length", "公里", "1", "km", "1");
        for (String count : new String[]{"个", "处", "套", "部", "所", "家", "户", "座", "项", "条", "张", "辆"}) {
            family("count:" + count, count, "1");
        }
    }

    private void family(String family, String... unitFactorPairs) {
        for (int i = 0; i < unitFactorPairs.length; i += 2) {
            units.put(unitFactorPairs[i], new Unit(family, new BigDecimal(unitFactorPairs[i + 1])));
        }
    }

    @Override
    public BigDecimal convert(BigDecimal value, String fromUnit, String toUnit) throws UnitConversionException {
        Unit from = lookup(fromUnit);
        Unit to = lookup(toUnit);
        if (!from.family().equals(to.family())) {
            throw new UnitConversionException(UnitConversionException.UNIT_MISMATCH,
                    "unit '" + fromUnit + "' (" + from.family() + ") cannot be converted to '" + toUnit + "' ("
                            + to.family() + ")");
        }
        if (from.factor().compareTo(to.factor()) == 0) {
            return value;
        }
        return value.multiply(from.factor()).divide(to.factor(), MathContext.DECIMAL128);
    }

    private Unit lookup(String unit) throws UnitConversionException {
        Unit u = unit == null ? null : units.get(unit.trim());
        if (u == null) {
            throw new UnitConversionException(UnitConversionException.UNKNOWN_UNIT, "unknown unit '" + unit + "'");
        }
        return u;
    }
}
