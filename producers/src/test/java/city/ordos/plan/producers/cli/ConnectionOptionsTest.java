package city.ordos.plan.producers.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ConnectionOptionsTest {

    private static ConnectionOptions parse(Map<String, String> env, String... args) {
        ConnectionOptions options = new ConnectionOptions().withEnvironment(env::get);
        new CommandLine(options).parseArgs(args);
        return options;
    }

    @Test
    void defaultsPointAtTheLocalStack() {
        Map<String, String> s = parse(Map.of()).clientSettings();

        assertThat(s)
                .containsEntry("bootstrap.servers", "localhost:9092")
                .containsEntry("schema.registry.url", "http://localhost:8081");
    }

    @Test
    void fileThenEnvironmentThenFlagsThenPropertiesLaterWins(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("client.properties");
        Files.writeString(file, """
                bootstrap.servers=from-file:9092
                schema.registry.url=http://from-file:8081
                security.protocol=SASL_SSL
                linger.ms=5
                """);

        Map<String, String> fileOnly =
                parse(Map.of(), "--config", file.toString()).clientSettings();
        assertThat(fileOnly)
                .containsEntry("bootstrap.servers", "from-file:9092")
                .containsEntry("security.protocol", "SASL_SSL");

        Map<String, String> env =
                Map.of("ORDOS_BOOTSTRAP_SERVERS", "from-env:9092", "ORDOS_SCHEMA_REGISTRY_URL", "http://from-env:8081");
        Map<String, String> withEnv = parse(env, "--config", file.toString()).clientSettings();
        assertThat(withEnv)
                .containsEntry("bootstrap.servers", "from-env:9092")
                .containsEntry("schema.registry.url", "http://from-env:8081");

        Map<String, String> withFlags = parse(
                        env,
                        "--config",
                        file.toString(),
                        "-b",
                        "from-flag:9092",
                        "-X",
                        "linger.ms=50",
                        "-X",
                        "schema.registry.url=http://from-property:8081")
                .clientSettings();
        assertThat(withFlags)
                .containsEntry("bootstrap.servers", "from-flag:9092")
                .containsEntry("schema.registry.url", "http://from-property:8081")
                .containsEntry("linger.ms", "50")
                .containsEntry("security.protocol", "SASL_SSL");
    }

    @Test
    void topicPrefixAppliesToEveryTopic() {
        assertThat(parse(Map.of(), "--topic-prefix", "t1-")
                        .topics()
                        .investment()
                        .name())
                .isEqualTo("t1-ordos.investment-reports");
    }
}
