package city.ordos.plan.units;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UnitTableTest {

    private final UnitTable units = UnitTable.standard();

    private BigDecimal convert(String value, String from, String to) {
        return units.convert(new BigDecimal(value), from, to);
    }

    @ParameterizedTest(name = "{0} {1} = {3} {2}")
    @CsvSource({
        // money
        "1, 亿元, 万元, 10000",
        "1, 亿元, 元, 100000000",
        "12345.678901, 万元, 亿元, 1.2345678901",
        "3, 万亿元, 亿元, 30000",
        // power: 1 万千瓦 = 10 MW = 10,000 kW
        "1, 万千瓦, MW, 10",
        "1, 万千瓦, kW, 10000",
        "3000, 万kW, 万千瓦, 3000",
        "250, MW, 万千瓦, 25",
        "1.5, GW, 万千瓦, 150",
        // electricity
        "1, 亿千瓦时, 万千瓦时, 10000",
        // gas / water volume
        "310, 亿立方米, 万立方米, 3100000",
        "1, 万立方米, m³, 10000",
        "1, 万m3, 立方米, 10000",
        "0.4, 亿立方米, 万立方米, 4000",
        // land: 1 公顷 = 15 亩
        "1, 公顷, 亩, 15",
        "500, 万亩, 亩, 5000000",
        "30, 亩, 公顷, 2",
        "1, 平方公里, 亩, 1500",
        // mass: 1 斤 = 0.5 kg, so 1 亿斤 = 5 万吨
        "45, 亿斤, 万吨, 225",
        "1, 亿斤, 吨, 50000",
        "3500, 吨, 万吨, 0.35",
        "1, 万吨, 吨, 10000",
        // livestock
        "680, 万只, 只, 6800000",
        "60, 万头, 头, 600000",
        // standard coal
        "7.6, 亿吨标煤, 万吨标煤, 76000",
        "1, 万吨标煤, 吨标煤, 10000",
        // intensity
        "42.45, 立方米/万元, m³/万元, 42.45",
        // percent and plain ratio
        "44.1, %, ratio, 0.441",
        "0.63, ratio, %, 63",
        "0.63, 系数, %, 63",
        "5, ‰, %, 0.5",
        "2, 百分点, pp, 2",
        // counts
        "2.2, 万人, 人, 22000",
        "300, 公里, 米, 300000",
        "2660, 个, 个, 2660",
        "14, 处, 处, 14",
        "3600, 套, 套, 3600",
        "150, 部, 部, 150",
        "1, 所, 所, 1",
        "174, 家, 家, 174",
        "3, 座, 座, 3",
        "5, 户, 户, 5",
        "7, 张, 张, 7",
        "2, 项, 项, 2",
    })
    void convertsExactlyWithinADimension(String value, String from, String to, String expected) {
        assertThat(convert(value, from, to)).isEqualByComparingTo(expected);
    }

    @Test
    void moneyKeepsEveryDigit() {
        // 0.1 + 0.2 style drift would show here if doubles were involved anywhere
        assertThat(convert("0.000001", "亿元", "元")).isEqualByComparingTo("100");
        assertThat(convert("123456789.123456", "元", "亿元")).isEqualByComparingTo("1.23456789123456");
    }

    @Test
    void nonTerminatingAreaQuotientIsRoundedFarBelowTheContractsSixDecimals() {
        BigDecimal hectares = convert("1", "亩", "公顷");
        assertThat(hectares.precision()).isEqualTo(34);
        assertThat(hectares.subtract(new BigDecimal("0.0666666666666666666666666666666667"))
                        .abs())
                .isLessThan(new BigDecimal("1E-30"));
    }

    @Test
    void aliasesAreToleratedForBlanksCaseAndSuperscripts() {
        assertThat(units.canonical(" 万kW ")).isEqualTo("万千瓦");
        assertThat(units.canonical("mw")).isEqualTo("兆瓦");
        assertThat(units.canonical("m³")).isEqualTo("立方米");
        assertThat(units.canonical("m3")).isEqualTo("立方米");
        assertThat(units.canonical("％")).isEqualTo("%");
        assertThat(units.canonical("万吨标准煤")).isEqualTo("万吨标煤");
    }

    @Test
    void dimensionsAndAdditivity() {
        assertThat(units.dimensionOf("亿元")).isEqualTo(Dimension.MONEY);
        assertThat(units.dimensionOf("亿斤")).isEqualTo(Dimension.MASS);
        assertThat(units.dimensionOf("%").additive()).isFalse();
        assertThat(units.dimensionOf("立方米/万元").additive()).isFalse();
        assertThat(units.dimensionOf("万亩").additive()).isTrue();
        assertThat(units.convertible("万千瓦", "MW")).isTrue();
        assertThat(units.convertible("万千瓦", "亿千瓦时")).isFalse();
        assertThat(units.convertible("furlong", "亩")).isFalse();
    }

    @Test
    void unknownSourceUnitIsRejectedNamingBothUnits() {
        assertThatThrownBy(() -> convert("1", "furlong", "公里"))
                .isInstanceOf(UnitException.class)
                .hasMessageContaining("unknown unit 'furlong'")
                .hasMessageContaining("'公里'")
                .satisfies(e -> {
                    assertThat(((UnitException) e).from()).isEqualTo("furlong");
                    assertThat(((UnitException) e).to()).isEqualTo("公里");
                });
    }

    @Test
    void unknownTargetUnitIsRejectedNamingBothUnits() {
        assertThatThrownBy(() -> convert("1", "亿元", "美元"))
                .isInstanceOf(UnitException.class)
                .hasMessageContaining("unknown unit '美元'")
                .hasMessageContaining("'亿元'");
    }

    @Test
    void nullAndBlankUnitsAreUnknown() {
        assertThatThrownBy(() -> convert("1", null, "亿元"))
                .isInstanceOf(UnitException.class)
                .hasMessageContaining("unknown unit 'null'");
        assertThatThrownBy(() -> convert("1", "  ", "亿元")).isInstanceOf(UnitException.class);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "亿元, 万千瓦",
        "万千瓦, 亿千瓦时",
        "亿立方米, 万吨",
        "万亩, 公里",
        "%, 百分点",
        "%, 立方米/万元",
        "万吨, 万吨标煤",
        // counts of different things never convert into each other
        "个, 处",
        "个, 户",
        "套, 部",
        "所, 家",
        "人, 户",
        "万只, 万头",
        "座, 张",
        "项, 个",
    })
    void differentDimensionsAreRejectedNamingBothUnits(String from, String to) {
        assertThatThrownBy(() -> convert("1", from, to))
                .isInstanceOf(UnitException.class)
                .hasMessageContaining("'" + from + "'")
                .hasMessageContaining("'" + to + "'")
                .hasMessageContaining("different dimensions");
    }

    @Test
    void requireNamesTheUnknownUnit() {
        assertThatThrownBy(() -> units.dimensionOf("万桶"))
                .isInstanceOf(UnitException.class)
                .hasMessage("unknown unit '万桶'");
    }
}
