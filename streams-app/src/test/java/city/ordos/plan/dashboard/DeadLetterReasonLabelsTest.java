package city.ordos.plan.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import city.ordos.plan.avro.DeadLetter;
import city.ordos.plan.deadletters.ReasonCodes;
import city.ordos.plan.producers.imports.RejectReason;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dead-letters page (timetravel.js) says what every reason code means, in Chinese and in
 * English: each code the streams app writes ({@link ReasonCodes}), each the contract names
 * ({@code DeadLetter.avsc}'s reasonCode doc: the importer's, the alert notifier's, the retired
 * one) and each of the importer's {@link RejectReason}s has a label in both tables.
 */
class DeadLetterReasonLabelsTest {

    /** {@code reasons: { ... }}: one such table per language, zh first. */
    private static final Pattern TABLE = Pattern.compile("reasons: \\{(.*?)\\n\\s*}", Pattern.DOTALL);

    /** {@code CODE: 'label'} or {@code CODE: "label"}. */
    private static final Pattern ENTRY = Pattern.compile("(?m)^\\s*([A-Z][A-Z_]*): (?:'([^']*)'|\"([^\"]*)\"),?$");

    private static Map<String, String> zh;
    private static Map<String, String> en;

    @BeforeAll
    static void readTables() throws IOException {
        String script;
        try (InputStream in = DeadLetterReasonLabelsTest.class.getResourceAsStream("/dashboard/timetravel.js")) {
            assertThat(in).as("dashboard/timetravel.js on the classpath").isNotNull();
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<Map<String, String>> tables = new ArrayList<>();
        Matcher t = TABLE.matcher(script);
        while (t.find()) {
            Map<String, String> labels = new LinkedHashMap<>();
            Matcher e = ENTRY.matcher(t.group(1));
            while (e.find()) {
                labels.put(e.group(1), e.group(2) != null ? e.group(2) : e.group(3));
            }
            tables.add(labels);
        }
        assertThat(tables).as("a reasons table for zh and one for en").hasSize(2);
        zh = tables.get(0);
        en = tables.get(1);
    }

    @Test
    void everyReasonCodeHasAChineseAndAnEnglishLabel() {
        Set<String> codes = new TreeSet<>(ReasonCodes.STREAMS_APP);
        codes.addAll(contractCodes());
        for (RejectReason r : RejectReason.values()) {
            codes.add(r.name());
        }
        assertThat(codes).contains("UNKNOWN_COUNTY", "CONFLICTING_ROW", "ALERT_DELIVERY_FAILED", "INVALID_AMOUNT");

        assertThat(zh.keySet()).containsAll(codes);
        assertThat(en.keySet()).containsAll(codes);
        assertThat(en.keySet()).as("the same codes in both languages").isEqualTo(zh.keySet());
        zh.forEach((code, label) -> assertThat(label)
                .as(code + " in Chinese")
                .isNotBlank()
                .isNotEqualTo(code)
                .containsPattern("\\p{IsHan}"));
        en.forEach((code, label) -> assertThat(label)
                .as(code + " in English")
                .isNotBlank()
                .isNotEqualTo(code)
                .doesNotContainPattern("\\p{IsHan}"));
    }

    @Test
    void theChineseLabelsOfTheImportersReasonsSayWhatTheImporterSays() {
        // A department reads the importer's text on the console and the web; the centre reads the same.
        for (RejectReason r : List.of(
                RejectReason.MISSING_FIELD,
                RejectReason.NEGATIVE_AMOUNT,
                RejectReason.AMOUNT_TOO_LARGE,
                RejectReason.UNKNOWN_UNIT,
                RejectReason.UNIT_MISMATCH,
                RejectReason.OUTSIDE_PLAN_YEAR,
                RejectReason.NO_MATCHING_GOAL,
                RejectReason.BAD_ROW,
                RejectReason.UNREADABLE_FILE,
                RejectReason.MISSING_COLUMN)) {
            assertThat(zh.get(r.name())).as(r.name()).isEqualTo(r.zh());
        }
    }

    /** The codes {@code DeadLetter.avsc}'s reasonCode doc names (every part of it). */
    private static Set<String> contractCodes() {
        String doc = DeadLetter.getClassSchema().getField("reasonCode").doc();
        Set<String> codes = new TreeSet<>();
        Matcher m =
                Pattern.compile("\\b([A-Z]+(?:_[A-Z]+)+|[A-Z]{2,}(?= \\())\\b").matcher(doc);
        while (m.find()) {
            codes.add(m.group(1));
        }
        assertThat(codes).containsAll(ReasonCodes.STREAMS_APP);
        return codes;
    }
}
