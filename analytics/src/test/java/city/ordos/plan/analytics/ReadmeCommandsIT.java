package city.ordos.plan.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import city.ordos.plan.infra.testing.ConfluentNode;
import city.ordos.plan.testing.DocBlocks;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README followed in order, as a newcomer does: the one-command run, then the "Feed it" and
 * "Analyse it" commands exactly as the README writes them (no connection flags), each finding the
 * embedded broker and registry on the default ports. The commands are read from README.md and run
 * from a working directory where the README's relative paths resolve (links to the built modules).
 * Between the feeds and the sink, the Node.js producer of docs/schemas.md's guide (Confluent's
 * serializer, auto-registration off) publishes to the same run, relying on the run's registration.
 *
 * <p>The run gets three options the README leaves to the reader: its own data directory and HTTP
 * port (the test must not touch ./data or need 8080), and {@code --no-simulate}, so that every
 * figure is the work of the README's commands, and the app's own registration of the contract is
 * what the first producer relies on. It needs ports 9092 and 8081 free (as on CI), and says so.
 */
class ReadmeCommandsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Path REPOSITORY = DocBlocks.repository();
    private static final String JAVA =
            Path.of(System.getProperty("java.home"), "bin", "java").toString();

    /** The product's own loggers as logback abbreviates them (city.ordos..., c.o.p..., c.ordos...). */
    private static final Pattern OUR_LOGGER = Pattern.compile("\\] c(ity)?\\.o(rdos)?\\.");

    @TempDir
    Path work;

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void stopEverything() throws InterruptedException {
        for (Process p : started) {
            p.destroy(); // SIGTERM: the app and the sink stop cleanly
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    @Test
    void theFeedAndAnalyseCommandsWorkAgainstTheOneCommandRunWithoutConnectionFlags() throws Exception {
        assumeTrue(
                free(9092) && free(8081),
                "ports 9092 and 8081 are in use on this machine; the README's commands assume them");
        for (String module : List.of("launcher", "producers", "analytics")) {
            Files.createSymbolicLink(work.resolve(module), REPOSITORY.resolve(module));
        }
        String readme = Files.readString(REPOSITORY.resolve("README.md"), StandardCharsets.UTF_8);
        int httpPort = freePort();

        List<String> run = new ArrayList<>(commands(readme, "## Run it").get(0));
        run.addAll(List.of(
                "--no-simulate",
                "--data-dir",
                work.resolve("data").toString(),
                "--http-port",
                Integer.toString(httpPort)));
        Path appLog = work.resolve("ordos.log");
        start(run, appLog);
        await("the one-command run is ready (" + appLog + ")")
                .atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> status(httpPort, "/ready") == 200);
        assertThat(Files.readString(appLog))
                .contains("Kafka:           127.0.0.1:9092")
                .contains("Schema registry: http://127.0.0.1:8081")
                .doesNotContain("NOTE: Port");
        // What a newcomer's terminal shows first (stdout and the logs on stderr, as they came):
        // what runs where, and no INFO chatter of the broker, Kafka's clients or Jetty.
        List<String> firstScreen = Files.readAllLines(appLog, StandardCharsets.UTF_8).stream()
                .limit(30)
                .toList();
        assertThat(firstScreen)
                .as("the first 30 lines of the one-command run")
                .anyMatch(line -> line.equals("Dashboard: http://localhost:" + httpPort))
                .anyMatch(line -> line.startsWith("Reporting: http://localhost:" + httpPort + "/reporting.html")
                        && line.contains("ordos.auth.users-file"))
                .filteredOn(line -> line.contains(" INFO "))
                .allMatch(line -> OUR_LOGGER.matcher(line).find());
        assertThat(goalsWithData(httpPort))
                .as("no figure before the README's feeds")
                .isZero();

        for (List<String> command : commands(readme, "## Feed it")) {
            // import's documented status 3: some rows rejected (and dead-lettered), as the README's example table has.
            Set<Integer> expected = command.contains("import") ? Set.of(0, 3) : Set.of(0);
            String output = runToEnd(command, expected);
            assertThat(output).as(String.join(" ", command)).doesNotContain("Exception");
        }

        assertThat(goalsWithData(httpPort))
                .as("goals with a figure after the feeds")
                .isGreaterThan(20);
        JsonNode contributions = get(httpPort, "/api/goals/major-projects-investment/contributions");
        assertThat(StreamSupport.stream(contributions.get("contributions").spliterator(), false)
                        .map(c -> c.get("sourceId").asText()))
                .as("the projects of the imported investment table")
                .contains("ORD-ZD-001", "ORD-ZD-002", "ORD-ZD-003", "ORD-ZD-004");

        // An outside team's producer, the Node.js example of docs/schemas.md's guide as written
        // (Confluent's serializer, auto-registration off, default ports), fed to the same run.
        Path producer = work.resolve("producer.js");
        Files.writeString(
                producer,
                DocBlocks.block(REPOSITORY.resolve("docs/schemas.md"), "### Node.js", "js"),
                StandardCharsets.UTF_8);
        assertThat(ConfluentNode.runScript(producer, Map.of("KAFKAJS_NO_PARTITIONER_WARNING", "1")))
                .contains("sent PRJ-2025-018/2025-06-30");
        await("the guide's Node producer moves the major projects' figure")
                .atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> assertThat(StreamSupport.stream(
                                        get(httpPort, "/api/goals/major-projects-investment/contributions")
                                                .get("contributions")
                                                .spliterator(),
                                        false)
                                .filter(c -> c.get("sourceId").asText().equals("PRJ-2025-018"))
                                .map(c -> c.get("value").decimalValue()))
                        .singleElement()
                        .satisfies(value -> assertThat(value).isEqualByComparingTo("1.5")));

        List<String> sink = commands(readme, "## Analyse it").get(0);
        Process analytics = start(sink, work.resolve("analytics.log"));
        Path database = work.resolve("ordos-analytics.duckdb");
        Path sinkLog = work.resolve("analytics.log");
        // The sink reports when it first catches up, then every 30 s (docs/analytics.md); "0 records behind" with every
        // partition read from, after records were written: it has caught up.
        Pattern caughtUp = Pattern.compile(
                "Analytics sink: [1-9]\\d* records in \\d+ transactions so far; 0 records behind the topics$",
                Pattern.MULTILINE);
        await("the analytics sink catches up (" + sinkLog + ")")
                .atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> caughtUp.matcher(Files.readString(sinkLog)).find());
        // The sink keeps the file open; its figures are read once it has stopped (SIGTERM, as Ctrl-C).
        analytics.destroy();
        assertThat(analytics.waitFor(60, TimeUnit.SECONDS)).isTrue();
        try (Connection db = DriverManager.getConnection("jdbc:duckdb:" + database);
                Statement sql = db.createStatement();
                ResultSet goals = sql.executeQuery("select count(*) from goals");
                Statement sql2 = db.createStatement();
                ResultSet latest = sql2.executeQuery("select count(*) from progress_latest")) {
            goals.next();
            latest.next();
            assertThat(goals.getInt(1)).as("catalog goals in the database").isGreaterThan(60);
            assertThat(latest.getInt(1))
                    .as("goals with a figure in the database")
                    .isGreaterThan(20);
        }
    }

    /**
     * The {@code java -jar} commands of the first code block after a README heading, one per
     * line (the part after {@code &&} where a build comes first), {@code java} being this JVM's.
     */
    static List<List<String>> commands(String readme, String heading) {
        int at = readme.indexOf("\n" + heading);
        int start = readme.indexOf("```\n", at) + 4;
        int end = readme.indexOf("```", start);
        List<List<String>> commands = new ArrayList<>();
        for (String line : readme.substring(start, end).split("\n")) {
            for (String part : line.split("&&")) {
                List<String> words = Arrays.asList(part.trim().split("\\s+"));
                if (!words.isEmpty() && words.get(0).equals("java")) {
                    List<String> command = new ArrayList<>(words);
                    command.set(0, JAVA);
                    commands.add(command);
                }
            }
        }
        assertThat(commands).as("java commands under " + heading).isNotEmpty();
        return commands;
    }

    private Process start(List<String> command, Path log) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(work.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(key -> key.startsWith("ORDOS_")); // no connection by environment
        Process process = builder.start();
        started.add(process);
        return process;
    }

    private String runToEnd(List<String> command, Set<Integer> expectedStatus)
            throws IOException, InterruptedException {
        Path log = Files.createTempFile(work, "command-", ".log");
        Process process = start(command, log);
        // A guard against a hung command, not a timing assertion.
        assertThat(process.waitFor(5, TimeUnit.MINUTES))
                .as(String.join(" ", command) + " finished")
                .isTrue();
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(process.exitValue())
                .as(String.join(" ", command) + ":\n" + output)
                .isIn(expectedStatus);
        return output;
    }

    private static long goalsWithData(int port) throws Exception {
        return StreamSupport.stream(get(port, "/api/goals").get("goals").spliterator(), false)
                .filter(g -> !g.get("status").asText().equals("NO_DATA"))
                .count();
    }

    private static JsonNode get(int port, String path) throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static int status(int port, String path) {
        try {
            return HTTP.send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            return -1; // not listening yet
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static boolean free(int port) {
        try (ServerSocket probe = new ServerSocket(port, 50, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
