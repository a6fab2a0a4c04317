package city.ordos.plan.progress;

import city.ordos.plan.units.UnitTable;
import java.math.BigDecimal;

/**
 * Converts a stated quantity into the unit an aggregate is kept in, over the product's one unit
 * table: bad units are errors (an unknown unit told apart from a mismatched one), never guesses.
 */
public final class UnitConverter {

    private final UnitTable table;

    private UnitConverter(UnitTable table) {
        this.table = table;
    }

    /** The product's unit table ({@link UnitTable#standard()}). */
    public static UnitConverter standard() {
        return new UnitConverter(UnitTable.standard());
    }

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

    /** Why a conversion failed, with the dead-letter reason code to file it under. */
    public static final class UnitConversionException extends Exception {
        public static final String UNKNOWN_UNIT = "UNKNOWN_UNIT";
        public static final String UNIT_MISMATCH = "UNIT_MISMATCH";

        private final String reasonCode;

        public UnitConversionException(String reasonCode, String message) {
            super(message);
            this.reasonCode = reasonCode;
        }

        public String reasonCode() {
            return reasonCode;
        }
    }
}
