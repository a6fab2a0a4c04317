package city.ordos.plan.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import city.ordos.plan.avro.AuditEvent;
import city.ordos.plan.avro.DeadLetter;
import city.ordos.plan.avro.DispatchReport;
import city.ordos.plan.avro.GoalAlert;
import city.ordos.plan.avro.GoalDefinition;
import city.ordos.plan.avro.GoalProgress;
import city.ordos.plan.topics.OrdosTopics;
import city.ordos.plan.topics.TopicSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.avro.JsonProperties;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.junit.jupiter.api.Test;

/**
 * Keeps docs/outputs.md true: the topic table and every schema section are regenerated from
 * {@link OrdosTopics} and the .avsc files and must equal what the page says. To rewrite the
 * page after a schema or topic change:
 * {@code mvn -pl analytics -am test -Dtest=OutputsContractDocTest -Dsurefire.failIfNoSpecifiedTests=false -Dordos.docs.regenerate=true}
 */
class OutputsContractDocTest {

    static final String REGENERATE = "ordos.docs.regenerate";
    private static final Pattern SECTION =
            Pattern.compile("(<!-- generated:([a-zA-Z:]+) -->\\n)(.*?)(<!-- /generated:\\2 -->)", Pattern.DOTALL);
    private static final List<Class<?>> OUTPUT_VALUES = List.of(
            GoalProgress.class,
            GoalAlert.class,
            GoalDefinition.class,
            DeadLetter.class,
            AuditEvent.class,
            DispatchReport.class);

    @Test
    void outputsPageMatchesTopicsAndSchemas() throws IOException {
        Path page = AvscFiles.repositoryRoot().resolve("docs/outputs.md");
        String text = Files.readString(page, StandardCharsets.UTF_8);
        Map<String, String> sections = sections();

        Matcher m = SECTION.matcher(text);
        StringBuilder regenerated = new StringBuilder();
        List<String> seen = new ArrayList<>();
        while (m.find()) {
            String name = m.group(2);
            seen.add(name);
            String body = sections.get(name);
            assertThat(body)
                    .as("unknown generated section '%s' in docs/outputs.md", name)
                    .isNotNull();
            m.appendReplacement(regenerated, Matcher.quoteReplacement(m.group(1) + body + m.group(4)));
        }
        m.appendTail(regenerated);
        assertThat(seen)
                .as("generated sections in docs/outputs.md")
                .containsExactlyInAnyOrderElementsOf(sections.keySet());

        if (!regenerated.toString().equals(text) && Boolean.getBoolean(REGENERATE)) {
            Files.writeString(page, regenerated.toString(), StandardCharsets.UTF_8);
            return;
        }
        assertThat(text)
                .as("docs/outputs.md is out of date with the .avsc files or OrdosTopics; regenerate with "
                        + "mvn -pl analytics -am test -Dtest=OutputsContractDocTest "
                        + "-Dsurefire.failIfNoSpecifiedTests=false -D" + REGENERATE + "=true")
                .isEqualTo(regenerated.toString());
    }

    @Test
    void documentedSchemasAreTheOnesTheGeneratedClassesCarry() throws Exception {
        Map<String, Schema> onDisk = AvscFiles.topLevel(AvscFiles.currentSchemas());
        for (Class<?> type : OUTPUT_VALUES) {
            Schema generated = (Schema) type.getField("SCHEMA$").get(null);
            assertThat(SchemaNormalization.toParsingForm(onDisk.get(generated.getFullName())))
                    .as(type.getSimpleName())
                    .isEqualTo(SchemaNormalization.toParsingForm(generated));
        }
    }

    static Map<String, String> sections() {
        Map<String, String> sections = new LinkedHashMap<>();
        sections.put("topics", topicTable(OrdosTopics.DEFAULT));
        Map<String, Schema> schemas = AvscFiles.topLevel(AvscFiles.currentSchemas());
        for (Class<?> type : OUTPUT_VALUES) {
            Schema schema = schemas.get("city.ordos.plan.avro." + type.getSimpleName());
            sections.put("schema:" + type.getSimpleName(), schemaSection(schema));
        }
        return sections;
    }

    private static String topicTable(OrdosTopics topics) {
        StringBuilder sb = new StringBuilder();
        sb.append("| topic | key | value | partitions | cleanup.policy | retention.ms |\n");
        sb.append("|---|---|---|---|---|---|\n");
        row(sb, topics.progress(), "`planId/goalId`");
        row(sb, topics.progressHistory(), "`planId/goalId`");
        row(sb, topics.alerts(), "`planId/goalId`");
        row(sb, topics.goals(), "`planId/goalId`");
        row(sb, topics.deadLetters(), "the original record's key");
        row(sb, topics.audit(), "the actor");
        row(sb, topics.dispatchReports(), "the report id, `planId/yyyy-MM` or `planId/yyyy-MM-dd`");
        return sb.toString();
    }

    private static void row(StringBuilder sb, TopicSpec<?, ?> spec, String key) {
        String retention = spec.retention() == null
                ? "broker default (compacted)"
                : spec.retention().toMillis() < 0
                        ? "-1 (forever)"
                        : Long.toString(spec.retention().toMillis());
        sb.append("| `")
                .append(spec.name())
                .append("` | ")
                .append(key)
                .append(" (UTF-8 string) | `")
                .append(spec.valueType().getSimpleName())
                .append("` | ")
                .append(spec.partitions())
                .append(" | ")
                .append(spec.cleanupPolicy().configValue())
                .append(" | ")
                .append(retention)
                .append(" |\n");
    }

    private static String schemaSection(Schema schema) {
        StringBuilder sb = new StringBuilder();
        sb.append("| field | type | default | meaning |\n|---|---|---|---|\n");
        for (Schema.Field f : schema.getFields()) {
            sb.append("| `")
                    .append(f.name())
                    .append("` | ")
                    .append(typeName(f.schema()))
                    .append(" | ")
                    .append(f.hasDefaultValue() ? "`" + defaultText(f) + "`" : "required")
                    .append(" | ")
                    .append(cell(f.doc()))
                    .append(" |\n");
        }
        sb.append("\n<details><summary>Full Avro schema (")
                .append(schema.getName())
                .append(".avsc, named types inlined)</summary>\n\n```json\n")
                .append(schema.toString(true))
                .append("\n```\n</details>\n");
        return sb.toString();
    }

    private static String defaultText(Schema.Field f) {
        Object value = f.defaultVal();
        if (value == JsonProperties.NULL_VALUE) {
            return "null";
        }
        if (value instanceof String s) {
            return "\"" + s + "\"";
        }
        return String.valueOf(value);
    }

    static String typeName(Schema s) {
        if (s.getType() == Schema.Type.UNION) {
            List<Schema> nonNull = s.getTypes().stream()
                    .filter(t -> t.getType() != Schema.Type.NULL)
                    .toList();
            boolean nullable = nonNull.size() < s.getTypes().size();
            String inner =
                    nonNull.stream().map(OutputsContractDocTest::typeName).collect(Collectors.joining(" \\| "));
            return nullable ? inner + " or null" : inner;
        }
        if (s.getLogicalType() instanceof LogicalTypes.Decimal d) {
            return "decimal(" + d.getPrecision() + "," + d.getScale() + ")";
        }
        if (s.getLogicalType() != null) {
            return s.getLogicalType().getName();
        }
        return switch (s.getType()) {
            case ENUM -> "enum " + s.getName() + " (" + String.join(", ", s.getEnumSymbols()) + ")";
            case RECORD -> "record " + s.getName();
            case ARRAY -> "array of " + typeName(s.getElementType());
            case MAP -> "map of " + typeName(s.getValueType());
            default -> s.getType().getName();
        };
    }

    private static String cell(String text) {
        return text == null ? "" : text.replace("|", "\\|").replace("\n", " ");
    }
}
