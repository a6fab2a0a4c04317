package city.ordos.plan.catalog;

import java.nio.file.Files;
import java.nio.file.Path;

/** Files of the repository (docs/...) from a test, whichever module directory the test runs in. */
final class RepoFiles {

    private RepoFiles() {}

    static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            if (Files.isDirectory(d.resolve("docs/plan")) && Files.exists(d.resolve("pom.xml"))) {
                return d;
            }
        }
        throw new IllegalStateException("no repository root (with docs/plan) above " + dir);
    }

    static Path path(String relative) {
        return root().resolve(relative);
    }
}
