package city.ordos.plan.units;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class AmountLimitsTest {

    @Test
    void aStatementMayReachTheLimitButNotPassIt() {
        assertThat(AmountLimits.withinStatementLimit(new BigDecimal("1000000000000000.000000")))
                .isTrue();
        assertThat(AmountLimits.withinStatementLimit(new BigDecimal("-1000000000000000.000000")))
                .isTrue();
        assertThat(AmountLimits.withinStatementLimit(new BigDecimal("1000000000000000.000001")))
                .isFalse();
        assertThat(AmountLimits.withinStatementLimit(new BigDecimal("-1000000000000000.000001")))
                .isFalse();
    }

    @Test
    void aPartialSumMayReachTheLimitButNotPassIt() {
        assertThat(AmountLimits.withinPartialSumLimit(new BigDecimal("100000000000000000000.000000")))
                .isTrue();
        assertThat(AmountLimits.withinPartialSumLimit(new BigDecimal("100000000000000000000.000001")))
                .isFalse();
    }

    @Test
    void theBoundsFitTheContractsDecimalByConstruction() {
        // a source's contribution: every period of the year at the statement limit
        BigDecimal contribution =
                AmountLimits.MAX_STATEMENT.multiply(BigDecimal.valueOf(AmountLimits.MAX_PERIODS_PER_SOURCE));
        assertThat(AmountLimits.representable(contribution)).isTrue();
        // a goal's total: one full partial for every partition number an int can name
        BigDecimal total = AmountLimits.MAX_PARTIAL_SUM.multiply(
                BigDecimal.valueOf(Integer.MAX_VALUE).add(BigDecimal.ONE));
        assertThat(AmountLimits.representable(total)).isTrue();
        assertThat(AmountLimits.representable(total.negate())).isTrue();
        // the digit counts promised to compact encodings
        assertThat(AmountLimits.MAX_STATEMENT.unscaledValue().toString()).hasSize(AmountLimits.STATEMENT_DIGITS);
        assertThat(AmountLimits.MAX_PARTIAL_SUM.unscaledValue().toString()).hasSize(AmountLimits.PARTIAL_SUM_DIGITS);
        assertThat(AmountLimits.MAX_STATEMENT.unscaledValue()).isLessThan(BigInteger.TWO.pow(70));
        assertThat(AmountLimits.MAX_PARTIAL_SUM.unscaledValue()).isLessThan(BigInteger.TWO.pow(87));
    }

    @Test
    void representableMeansThirtyTwoIntegerDigitsAtSixDecimals() {
        assertThat(AmountLimits.representable(new BigDecimal("99999999999999999999999999999999.999999")))
                .isTrue();
        assertThat(AmountLimits.representable(new BigDecimal("100000000000000000000000000000000")))
                .isFalse();
        // rounding to six decimals can carry into the 33rd digit
        assertThat(AmountLimits.representable(new BigDecimal("99999999999999999999999999999999.9999995")))
                .isFalse();
    }
}
