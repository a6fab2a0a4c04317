package city.ordos.plan.guide;

import city.ordos.plan.testing.DocBlocks;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The code blocks of docs/schemas.md's "Write a producer" guide, as a reader copies them. */
final class GuideExamples {

    private GuideExamples() {}

    static Path repository() {
        return DocBlocks.repository();
    }

    /** The first fenced block of {@code language} after the heading {@code heading} in docs/schemas.md. */
    static String block(String heading, String language) {
        return DocBlocks.block(repository().resolve("docs/schemas.md"), heading, language);
    }

    /** The guide's part of a source file: the lines between {@code // guide:begin} and {@code // guide:end}, dedented. */
    static String markedRegion(Path source) {
        String text = read(source);
        int begin = text.indexOf("// guide:begin\n");
        int end = text.indexOf("// guide:end");
        if (begin < 0 || end < begin) {
            throw new IllegalStateException(source + " has no guide:begin/guide:end markers");
        }
        String region = text.substring(begin + "// guide:begin\n".length(), text.lastIndexOf('\n', end) + 1);
        StringBuilder dedented = new StringBuilder();
        region.lines()
                .forEach(line -> dedented.append(line.startsWith("    ") ? line.substring(4) : line)
                        .append('\n'));
        return dedented.toString();
    }

    private static String read(Path path) {
        try {
            return Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
