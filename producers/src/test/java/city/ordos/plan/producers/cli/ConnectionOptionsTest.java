package city.ordos.plan.producers.cli;

import static org.assertj.core.api.Assertions.assertThat;

import city.ordos.plan.config.OrdosEnvironment.KafkaClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ConnectionOptionsTest {

    private static ConnectionOptions parse(Map<String, String> env, String... args) {
        ConnectionOptions options = new ConnectionOptions().withEnvironment(env);
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
                parse(Map.of(), "--config", file.toString()).clientSettings(KafkaClient.PRODUCER);
        assertThat(fileOnly)
                .containsEntry("bootstrap.servers", "from-file:9092")
                .containsEntry("security.protocol", "SASL_SSL");

        Map<String, String> env =
                Map.of("ORDOS_BOOTSTRAP_SERVERS", "from-env:9092", "ORDOS_SCHEMA_REGISTRY_URL", "http://from-env:8081");
        Map<String, String> withEnv = parse(env, "--config", file.toString()).clientSettings(KafkaClient.PRODUCER);
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
                .clientSettings(KafkaClient.PRODUCER);
        assertThat(withFlags)
                .containsEntry("bootstrap.servers", "from-flag:9092")
                .containsEntry("schema.registry.url", "http://from-property:8081")
                .containsEntry("linger.ms", "50")
                .containsEntry("security.protocol", "SASL_SSL");
    }

    @Test
    void anyProducerOrRegistryKeyComesFromTheEnvironmentBetweenTheFileAndTheCommandLine(@TempDir Path dir)
            throws Exception {
        Path file = dir.resolve("client.properties");
        Files.writeString(file, """
                linger.ms=5
                security.protocol=SSL
                compression.type=zstd
                """);
        Map<String, String> env = Map.of(
                "ORDOS_LINGER_MS", "50",
                "ORDOS_SECURITY_PROTOCOL", "SASL_SSL",
                "ORDOS_SASL_JAAS_CONFIG", "org.example.Login required;",
                "ORDOS_BASIC_AUTH_USER_INFO", "ordos:pw",
                "ORDOS_SESSION_TIMEOUT_MS", "6000",
                "ORDOS_HTTP_HOST", "0.0.0.0",
                "ORDOS_GROUP_INSTANCE_ID", "ordos-app-0");

        Map<String, Object> producer = parse(env, "--config", file.toString(), "-X", "security.protocol=SASL_PLAINTEXT")
                .producerConfig("ordos-importer");

        assertThat(producer)
                .as("the environment wins over the file, -X over the environment")
                .containsEntry("linger.ms", "50")
                .containsEntry("security.protocol", "SASL_PLAINTEXT")
                .containsEntry("compression.type", "zstd")
                .containsEntry("sasl.jaas.config", "org.example.Login required;")
                .containsEntry("basic.auth.user.info", "ordos:pw")
                .containsEntry("client.id", "ordos-importer");
        assertThat(producer)
                .as("a consumer's key, the app's own and another program's identity are not the producer's")
                .doesNotContainKeys("session.timeout.ms", "http.host", "group.instance.id");
    }

    @Test
    void theCatalogsReaderTakesConsumerKeysFromTheEnvironmentAndTheRegistryCommandOnlyRegistryKeys() {
        Map<String, String> env =
                Map.of("ORDOS_FETCH_MAX_WAIT_MS", "100", "ORDOS_SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO", "ordos:pw");
        ConnectionOptions options = parse(env);

        assertThat(options.clientSettings(KafkaClient.PRODUCER, KafkaClient.CONSUMER))
                .containsEntry("fetch.max.wait.ms", "100");
        assertThat(options.clientSettings())
                .containsEntry("schema.registry.basic.auth.user.info", "ordos:pw")
                .doesNotContainKey("fetch.max.wait.ms");
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
