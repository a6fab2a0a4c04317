package city.ordos.plan.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class AnalyticsSinkCliTest {

    @TempDir
    Path dir;

    @Test
    void theConfigFileNamesTheClusterAndItsSecurityUnlessAFlagIsGiven() throws Exception {
        Path file = dir.resolve("client.properties");
        Files.writeString(file, """
                bootstrap.servers=kafka-1:9093
                schema.registry.url=https://registry:8081
                security.protocol=SASL_SSL
                sasl.mechanism=SCRAM-SHA-512
                basic.auth.user.info=ordos:pw
                """);
        AnalyticsSinkCli.Run fromFile = new AnalyticsSinkCli.Run();
        new CommandLine(fromFile).parseArgs("--config", file.toString());
        assertThat(fromFile.clientSettings())
                .containsEntry("bootstrap.servers", "kafka-1:9093")
                .containsEntry("schema.registry.url", "https://registry:8081")
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("basic.auth.user.info", "ordos:pw");

        AnalyticsSinkCli.Run flagWins = new AnalyticsSinkCli.Run();
        new CommandLine(flagWins).parseArgs("--config", file.toString(), "--bootstrap-servers", "other:9093");
        assertThat(flagWins.clientSettings())
                .containsEntry("bootstrap.servers", "other:9093")
                .containsEntry("security.protocol", "SASL_SSL");

        AnalyticsSinkCli.Run defaults = new AnalyticsSinkCli.Run();
        new CommandLine(defaults).parseArgs();
        assertThat(defaults.clientSettings())
                .containsEntry("bootstrap.servers", "localhost:9092")
                .containsEntry("schema.registry.url", "http://localhost:8081");
    }

    @Test
    void anyConsumerOrRegistryKeyComesFromTheEnvironmentBetweenTheFileAndTheFlags() throws Exception {
        Path file = dir.resolve("client.properties");
        Files.writeString(file, """
                bootstrap.servers=kafka-1:9093
                security.protocol=SSL
                fetch.min.bytes=1
                """);
        AnalyticsSinkCli.Run run = new AnalyticsSinkCli.Run();
        new CommandLine(run).parseArgs("--config", file.toString(), "-r", "https://registry-flag:8081");
        run.environment = Map.of(
                "ORDOS_BOOTSTRAP_SERVERS", "kafka-env:9093",
                "ORDOS_SECURITY_PROTOCOL", "SASL_SSL",
                "ORDOS_SCHEMA_REGISTRY_URL", "https://registry-env:8081",
                "ORDOS_BASIC_AUTH_USER_INFO", "ordos:pw",
                "ORDOS_LINGER_MS", "50",
                "ORDOS_GROUP_ID", "ordos-progress",
                "ORDOS_ANALYTICS_JDBC_PASSWORD", "db-secret");

        assertThat(run.clientSettings())
                .as("the environment wins over the file, a flag over the environment")
                .containsEntry("bootstrap.servers", "kafka-env:9093")
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("fetch.min.bytes", "1")
                .containsEntry("schema.registry.url", "https://registry-flag:8081")
                .containsEntry("basic.auth.user.info", "ordos:pw")
                .as("a producer's key, another program's group and the database password are not the consumer's")
                .doesNotContainKeys("linger.ms", "group.id", "analytics.jdbc.password");
    }
}
