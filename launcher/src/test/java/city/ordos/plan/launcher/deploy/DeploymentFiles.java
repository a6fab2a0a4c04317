package city.ordos.plan.launcher.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** Reads the repository's deployment files (compose, Kubernetes, container, docs) for the tests that check them. */
final class DeploymentFiles {

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private DeploymentFiles() {}

    /** The repository root, found from the module directory the tests run in. */
    static Path root() {
        Path here = Path.of("").toAbsolutePath();
        for (Path p = here; p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("infra/kubernetes")) && Files.exists(p.resolve("docs/openapi.yaml"))) {
                return p;
            }
        }
        throw new IllegalStateException("repository root not found from " + here);
    }

    /** Every YAML document of a file (Kubernetes files may hold several, separated by ---). */
    static List<JsonNode> documents(Path file) {
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
            List<JsonNode> docs = new ArrayList<>();
            while (it.hasNext()) {
                JsonNode doc = it.next();
                if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
                    docs.add(doc);
                }
            }
            return docs;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse " + file, e);
        }
    }

    /**
     * A compose file: plain YAML plus anchors and merge keys ({@code <<: *app}), which SnakeYAML
     * resolves (Jackson's YAML reader keeps {@code <<} as a key).
     */
    static JsonNode compose(Path file) {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            Object tree = new Yaml(new SafeConstructor(new LoaderOptions())).load(r);
            return new ObjectMapper().valueToTree(tree);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse " + file, e);
        }
    }

    static JsonNode single(Path file) {
        List<JsonNode> docs = documents(file);
        if (docs.size() != 1) {
            throw new IllegalStateException(file + " holds " + docs.size() + " documents, expected one");
        }
        return docs.get(0);
    }

    static List<Path> yamlFilesUnder(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(
                            p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, String> properties(Path file) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> m = new LinkedHashMap<>();
        p.stringPropertyNames().forEach(k -> m.put(k, p.getProperty(k).trim()));
        return m;
    }

    /** NAME=value lines of an env file (comments and blank lines skipped). */
    static Map<String, String> envFile(Path file) {
        Map<String, String> m = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(file)) {
                String t = line.strip();
                if (t.isEmpty() || t.startsWith("#")) {
                    continue;
                }
                int eq = t.indexOf('=');
                m.put(t.substring(0, eq), t.substring(eq + 1));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return m;
    }

    /** The routes the app serves, as docs/openapi.yaml lists them ("GET /ready"); OpenApiContractTest pins it to the server. */
    static Set<String> documentedRoutes() {
        JsonNode doc = single(root().resolve("docs/openapi.yaml"));
        Set<String> ops = new TreeSet<>();
        doc.get("paths")
                .fields()
                .forEachRemaining(path -> path.getValue()
                        .fieldNames()
                        .forEachRemaining(method -> ops.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey())));
        return ops;
    }

    /** The heap share the image's entry point gives the JVM, in percent of the container's memory. */
    static double imageMaxRamPercentage() {
        String script = read(root().resolve("infra/container/bin/ordos"));
        Matcher m = Pattern.compile("-XX:MaxRAMPercentage=(\\d+(?:\\.\\d+)?)").matcher(script);
        if (!m.find()) {
            throw new AssertionError("infra/container/bin/ordos sets no -XX:MaxRAMPercentage");
        }
        return Double.parseDouble(m.group(1));
    }

    /** The port the image EXPOSEs. */
    static int imagePort() {
        Matcher m =
                Pattern.compile("(?m)^EXPOSE\\s+(\\d+)").matcher(read(root().resolve("infra/container/Containerfile")));
        if (!m.find()) {
            throw new AssertionError("the Containerfile EXPOSEs no port");
        }
        return Integer.parseInt(m.group(1));
    }

    /** ENV NAME=value pairs the Containerfile sets. */
    static Map<String, String> imageEnvironment() {
        String text = read(root().resolve("infra/container/Containerfile")).replace("\\\n", " ");
        Map<String, String> env = new LinkedHashMap<>();
        Matcher line = Pattern.compile("(?m)^ENV\\s+(.+)$").matcher(text);
        while (line.find()) {
            Matcher pair = Pattern.compile("([A-Z_][A-Z0-9_]*)=(\\S+)").matcher(line.group(1));
            while (pair.find()) {
                env.put(pair.group(1), pair.group(2));
            }
        }
        return env;
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Memory quantities of Kubernetes ("1Gi", "512Mi", "1G") in bytes. */
    static long bytes(String quantity) {
        Matcher m = Pattern.compile("(\\d+)(Ki|Mi|Gi|K|M|G)?").matcher(quantity);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a memory quantity: " + quantity);
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "" : m.group(2);
        return n
                * switch (unit) {
                    case "Ki" -> 1024L;
                    case "Mi" -> 1024L * 1024;
                    case "Gi" -> 1024L * 1024 * 1024;
                    case "K" -> 1000L;
                    case "M" -> 1000L * 1000;
                    case "G" -> 1000L * 1000 * 1000;
                    default -> 1L;
                };
    }
}
