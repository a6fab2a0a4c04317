package city.ordos.plan.progress;

import city.ordos.plan.units.UnitTable;
import java.math.BigDecimal;

/** {@link UnitConverter} over the product's one unit table, telling unknown units from mismatched ones. */
public final class TableUnits implements UnitConverter {

    private final UnitTable table;

    public TableUnits(UnitTable table) {
        this.table = table;
    }

    public static TableUnits standard() {
        return new TableUnits(UnitTable.standard());
    }

    @Override
    public BigDecimal convert(BigDecimal value, String fromUnit, String toUnit) throws UnitConversionException {
        if (fromUnit == null || !table.isKnown(fromUnit)) {
            throw new UnitConversionException(UnitConversionException.UNKNOWN_UNIT, "unknown unit '" + fromUnit + "'");
        }
        if (!table.isKnown(toUnit)) {
            throw new UnitConversionException(
                    UnitConversionException.UNKNOWN_UNIT, "the goal's unit '" + toUnit + "' is unknown");
        }
        if (!table.convertible(fromUnit, toUnit)) {
            throw new UnitConversionException(
                    UnitConversionException.UNIT_MISMATCH,
                    "unit '" + fromUnit + "' (" + table.dimensionOf(fromUnit).description()
                            + ") cannot be converted to '" + toUnit + "' ("
                            + table.dimensionOf(toUnit).description() + ")");
        }
        return table.convert(value, fromUnit, toUnit);
    }
}
