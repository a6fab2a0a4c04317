package city.ordos.plan.alerts.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class NotifierMainTest {

    @TempDir
    Path dir;

    @Test
    void clientAndRegistrySettingsPassThroughFromTheFileTheEnvironmentAndTheFlags() throws Exception {
        Path file = dir.resolve("client.properties");
        // CHECKSTYLE.OFF: inlineQualifiedName (a JAAS line names its login module in full)
        Files.writeString(file, """
                bootstrap.servers=file:9093
                security.protocol=SASL_SSL
                sasl.mechanism=SCRAM-SHA-512
                sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="n" password="p";
                ssl.truststore.location=/etc/ordos/truststore.p12
                basic.auth.credentials.source=USER_INFO
                """);
        // CHECKSTYLE.ON: inlineQualifiedName
        NotifierMain main = new NotifierMain();
        new CommandLine(main)
                .parseArgs(
                        "--notifier-config",
                        "notifier.yaml",
                        "--config",
                        file.toString(),
                        "--schema-registry-url",
                        "https://registry:8081",
                        "-X",
                        "ssl.truststore.password=tpw");
        Map<String, Object> settings = main.clientSettings(Map.of("ORDOS_BASIC_AUTH_USER_INFO", "ordos:rpw"));
        assertThat(settings)
                .containsEntry("bootstrap.servers", "file:9093")
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry(
                        "sasl.jaas.config",
                        "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"n\" password=\"p\";")
                .containsEntry("ssl.truststore.location", "/etc/ordos/truststore.p12")
                .containsEntry("ssl.truststore.password", "tpw")
                .containsEntry("schema.registry.url", "https://registry:8081")
                .containsEntry("basic.auth.credentials.source", "USER_INFO")
                .containsEntry("basic.auth.user.info", "ordos:rpw");
        assertThat(main.httpHost).as("HTTP interface by default").isEqualTo("127.0.0.1");
    }
}
