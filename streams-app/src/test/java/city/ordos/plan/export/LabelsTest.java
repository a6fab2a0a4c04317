package city.ordos.plan.export;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LabelsTest {

    private final Labels english = new Labels(Labels.Lang.EN);
    private final Labels chinese = new Labels(Labels.Lang.ZH);

    @Test
    void aUnitColumnNamesEveryUnitInEnglishMeasureWordsIncluded() {
        assertThat(english.unit("亿元")).isEqualTo("100 million yuan");
        assertThat(english.unit("万千瓦")).isEqualTo("10 MW");
        // nameless after an English number ("433 of 433"), but a blank unit cell reads as missing
        assertThat(english.unit("个")).isEqualTo("count");
        assertThat(english.unit("套")).isEqualTo("count");
        assertThat(english.unit("系数")).isEqualTo("coefficient");
    }

    @Test
    void aChineseColumnKeepsTheCatalogsUnit() {
        assertThat(chinese.unit("个")).isEqualTo("个");
        assertThat(chinese.unit("系数")).isEqualTo("系数");
    }
}
