package city.ordos.plan.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Code blocks of the project's documentation, as a reader copies them (tests that run the docs). */
public final class DocBlocks {

    private DocBlocks() {}

    /** The repository root, seen from the module a test runs in. */
    public static Path repository() {
        return Path.of(System.getProperty("basedir", ".")).toAbsolutePath().getParent();
    }

    /** The first fenced block of {@code language} after the heading line {@code heading} in {@code doc}. */
    public static String block(Path doc, String heading, String language) {
        String text;
        try {
            text = Files.readString(doc, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int at = text.indexOf("\n" + heading + "\n");
        if (at < 0) {
            throw new IllegalStateException(doc + " has no heading '" + heading + "'");
        }
        String fence = "```" + language + "\n";
        int start = text.indexOf(fence, at);
        int end = text.indexOf("\n```", start + fence.length());
        if (start < 0 || end < 0) {
            throw new IllegalStateException(doc + " has no " + language + " block after '" + heading + "'");
        }
        return text.substring(start + fence.length(), end + 1);
    }
}
