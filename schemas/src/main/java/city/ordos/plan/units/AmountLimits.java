package city.ordos.plan.units;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The product's numeric limits, chosen from the plan's magnitudes with wide headroom, and the
 * arithmetic that shows every encoded decimal fits (docs/reliability.md "Numeric limits",
 * docs/topology.md "Why no sum can overflow").
 *
 * <p>The plan's largest figures are around 10^12 in base units (the city's GDP, about 6,000 亿元 =
 * 6 x 10^11 元) and at most about 10^8 in the units the catalog's selectors keep (e.g. 万元). So:
 *
 * <ul>
 *   <li>one statement: |value| at most {@link #MAX_STATEMENT} = 10^15, both as stated and after
 *       conversion to the selector's unit (a 10^3 margin over the city's GDP stated in 元, 10^7 over
 *       the largest figure in a selector's unit);</li>
 *   <li>one source's contribution to a goal: at most {@link #MAX_PERIODS_PER_SOURCE} standing
 *       statements (12 months and 366 days of one plan year), so at most 3.78 x 10^17: no check needed;</li>
 *   <li>one input partition's partial sum of one goal role, and each of its county sums: at most
 *       {@link #MAX_PARTIAL_SUM} = 10^20, checked: the statement that would push a partial over it is
 *       dead-lettered ({@code SUM_LIMIT_EXCEEDED}) and changes nothing;</li>
 *   <li>a goal's total is the sum of at most one partial per input partition; partition numbers are
 *       Java ints, so the total is below 2^31 x 10^20 &lt; 2.2 x 10^29, inside the 10^32 the contract's
 *       {@code decimal(38,6)} holds.</li>
 * </ul>
 *
 * Figures derived from those sums (ratios, growth, projections) are checked with
 * {@link #representable(BigDecimal)} before they are published. Compact encodings may rely on the
 * digit counts: at scale 6 a statement's unscaled value has at most {@link #STATEMENT_DIGITS} digits
 * (|unscaled| &lt;= 10^21 &lt; 2^70), a partial sum's at most {@link #PARTIAL_SUM_DIGITS}
 * (&lt;= 10^26 &lt; 2^87).
 */
public final class AmountLimits {

    /** Decimal places of every amount in the contract ({@code decimal(38,6)}). */
    public static final int SCALE = 6;
    /** Precision of the contract's decimals. */
    public static final int PRECISION = 38;

    /** Largest |value| of one statement, as stated and in the selector's unit. */
    public static final BigDecimal MAX_STATEMENT = new BigDecimal("1E15").setScale(SCALE);
    /** Largest |sum| of one goal role (or one county of it) over the sources of one input partition. */
    public static final BigDecimal MAX_PARTIAL_SUM = new BigDecimal("1E20").setScale(SCALE);
    /** Standing statements one source can hold for one goal role: 12 months plus 366 days. */
    public static final int MAX_PERIODS_PER_SOURCE = 12 + 366;

    /** Digits (integer and six decimals) of the largest statement. */
    public static final int STATEMENT_DIGITS = 16 + SCALE;
    /** Digits (integer and six decimals) of the largest partial sum. */
    public static final int PARTIAL_SUM_DIGITS = 21 + SCALE;

    private AmountLimits() {}

    /** Whether one statement's amount is within {@link #MAX_STATEMENT}. */
    public static boolean withinStatementLimit(BigDecimal value) {
        return value.abs().compareTo(MAX_STATEMENT) <= 0;
    }

    /** Whether a partial sum is within {@link #MAX_PARTIAL_SUM}. */
    public static boolean withinPartialSumLimit(BigDecimal value) {
        return value.abs().compareTo(MAX_PARTIAL_SUM) <= 0;
    }

    /** Whether {@code value}, rounded to six decimals, can be encoded as the contract's {@code decimal(38,6)}. */
    public static boolean representable(BigDecimal value) {
        return value.setScale(SCALE, RoundingMode.HALF_EVEN).precision() <= PRECISION;
    }
}
