package city.ordos.plan.progress;

import java.math.BigDecimal;

/** Converts a stated quantity into the unit an aggregate is kept in; bad units are errors, never guesses. */
@FunctionalInterface
public interface UnitConverter {

    BigDecimal convert(BigDecimal value, String fromUnit, String toUnit) throws UnitConversionException;

    /** Why a conversion failed, with the dead-letter reason code to file it under. */
    final class UnitConversionException extends Exception {
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
