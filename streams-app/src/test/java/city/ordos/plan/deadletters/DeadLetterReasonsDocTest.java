package city.ordos.plan.deadletters;

import static org.assertj.core.api.Assertions.assertThat;

import city.ordos.plan.avro.DeadLetter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The reason codes the streams app writes are the ones its contract lists: {@code DeadLetter.avsc}'s
 * reasonCode doc (streams app part) and docs/topology.md's reason table name exactly
 * {@link ReasonCodes#STREAMS_APP}, in the same order.
 */
class DeadLetterReasonsDocTest {

    @Test
    void theSchemaDocListsExactlyTheCodesTheStreamsAppWrites() {
        String doc = DeadLetter.getClassSchema().getField("reasonCode").doc();
        String streamsApp = doc.substring(doc.indexOf("Streams app"), doc.indexOf("Importer:"));
        List<String> codes = new ArrayList<>();
        Matcher m = Pattern.compile("\\b([A-Z][A-Z_]*[A-Z]) \\(").matcher(streamsApp);
        while (m.find()) {
            codes.add(m.group(1));
        }
        assertThat(codes).containsExactlyElementsOf(ReasonCodes.STREAMS_APP);
    }

    @Test
    void theTopologyPageTablesExactlyTheCodesTheStreamsAppWrites() throws IOException {
        String page = Files.readString(Path.of("..", "docs", "topology.md"), StandardCharsets.UTF_8);
        int start = page.indexOf("## Dead-letter reasons");
        assertThat(start)
                .as("docs/topology.md has a section 'Dead-letter reasons'")
                .isNotNegative();
        String section = page.substring(start, page.indexOf("\n## ", start + 1));
        List<String> codes = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^\\| `([A-Z_]+)` \\|").matcher(section);
        while (m.find()) {
            codes.add(m.group(1));
        }
        assertThat(codes).containsExactlyElementsOf(ReasonCodes.STREAMS_APP);
    }
}
