package city.ordos.plan.analytics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;

/** Reads a folder of .avsc files (named types may refer to types of other files, as in schemas/src/main/avro). */
final class AvscFiles {

    private AvscFiles() {}

    /** The repository root, found from the module directory the tests run in. */
    static Path repositoryRoot() {
        Path dir = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize();
        while (dir != null && !Files.isDirectory(dir.resolve("schemas/src/main/avro"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("Cannot find schemas/src/main/avro above " + System.getProperty("basedir"));
        }
        return dir;
    }

    static Path currentSchemas() {
        return repositoryRoot().resolve("schemas/src/main/avro");
    }

    static Path releasedSchemas() {
        return repositoryRoot().resolve("analytics/src/test/resources/released");
    }

    /** Full name -> schema of the type each top-level file (not common/) defines. */
    static Map<String, Schema> topLevel(Path dir) {
        List<Path> pending;
        try (Stream<Path> files = Files.walk(dir)) {
            pending = new ArrayList<>(
                    files.filter(f -> f.toString().endsWith(".avsc")).sorted().toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // Files refer to each other's named types: parse them in whatever order resolves the references.
        Map<String, Schema> known = new LinkedHashMap<>();
        Map<String, Schema> topLevel = new TreeMap<>();
        while (!pending.isEmpty()) {
            List<Path> failed = new ArrayList<>();
            AvroRuntimeException lastFailure = null;
            for (Path file : pending) {
                Schema.Parser parser = new Schema.Parser();
                parser.addTypes(known.values());
                try {
                    Schema schema = parser.parse(file.toFile());
                    known.putAll(parser.getTypes());
                    if (file.getParent().equals(dir)) {
                        topLevel.put(schema.getFullName(), schema);
                    }
                } catch (AvroRuntimeException e) {
                    failed.add(file);
                    lastFailure = e;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            if (failed.size() == pending.size()) {
                throw new IllegalStateException(
                        "Cannot parse " + failed + ": " + lastFailure.getMessage(), lastFailure);
            }
            pending = failed;
        }
        return topLevel;
    }
}
