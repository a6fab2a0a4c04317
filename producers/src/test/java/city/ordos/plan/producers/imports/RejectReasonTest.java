package city.ordos.plan.producers.imports;

import static org.assertj.core.api.Assertions.assertThat;

import city.ordos.plan.testing.DocBlocks;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every reason a validator or the importer can give (the validators can only reject with a
 * {@link RejectReason}, files fail with one) explains itself in Chinese and in English.
 */
class RejectReasonTest {

    private static boolean hasHan(String text) {
        return text.codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN);
    }

    @ParameterizedTest
    @EnumSource(RejectReason.class)
    void everyReasonHasAChineseAndAnEnglishText(RejectReason reason) {
        assertThat(reason.zh()).as("%s in Chinese", reason).isNotBlank().matches(RejectReasonTest::hasHan);
        assertThat(reason.en())
                .as("%s in English", reason)
                .isNotBlank()
                .doesNotMatch(RejectReasonTest::hasHan)
                .isNotEqualTo(reason.name());
    }

    @Test
    void noTwoReasonsSayTheSameThing() {
        assertThat(Arrays.stream(RejectReason.values()).map(RejectReason::zh)).doesNotHaveDuplicates();
        assertThat(Arrays.stream(RejectReason.values()).map(RejectReason::en)).doesNotHaveDuplicates();
    }

    @Test
    void aRejectedRowReadsInChineseThenEnglishWithTheValidatorsMessage() {
        assertThat(RejectReason.INVALID_DECIMAL.rowLine(7, "完成投资 'abc' is not a number"))
                .isEqualTo("第 7 行 INVALID_DECIMAL：数值格式不正确（应为数字，最多6位小数） / line 7 INVALID_DECIMAL: "
                        + "完成投资 'abc' is not a number");
    }

    @Test
    void importFormatMdShowsTheChineseTextTheImporterPrints() throws Exception {
        List<String> tableRows =
                Files.readAllLines(DocBlocks.repository().resolve("docs/import-format.md"), StandardCharsets.UTF_8)
                        .stream()
                        .filter(l -> l.matches("\\| [A-Z_]+ \\|.*\\|.*\\|"))
                        .toList();
        assertThat(tableRows)
                .as("the reasonCode table of docs/import-format.md")
                .hasSizeGreaterThanOrEqualTo(9);
        for (String row : tableRows) {
            String[] cells = row.split("\\|");
            assertThat(cells[3].strip())
                    .as(row)
                    .isEqualTo(RejectReason.valueOf(cells[1].strip()).zh());
        }
    }

    @Test
    void theDeadLetterCodesOfTheImporterAreTheReasonsNames() {
        // The codes docs/import-format.md and the streams app's dead letters use: a rename is a contract change.
        assertThat(EnumSet.allOf(RejectReason.class))
                .extracting(Enum::name)
                .contains(
                        "MISSING_FIELD",
                        "INVALID_DECIMAL",
                        "NEGATIVE_AMOUNT",
                        "AMOUNT_TOO_LARGE",
                        "UNKNOWN_UNIT",
                        "UNIT_MISMATCH",
                        "UNKNOWN_COUNTY",
                        "OUTSIDE_PLAN_YEAR",
                        "INVALID_PERIOD",
                        "NO_MATCHING_GOAL",
                        "BAD_ROW");
    }
}
