package city.ordos.plan.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
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
}
