package city.ordos.plan.infra.platform;

import static org.assertj.core.api.Assertions.assertThat;

import city.ordos.plan.topics.OrdosTopics;
import city.ordos.plan.topics.TopicSpec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 10, unit = TimeUnit.MINUTES)
class EmbeddedPlatformIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String SCHEMA_BODY = "{\"schema\":\"{\\\"type\\\":\\\"record\\\",\\\"name\\\":\\\"Probe\\\","
            + "\\\"fields\\\":[{\\\"name\\\":\\\"x\\\",\\\"type\\\":\\\"int\\\"}]}\"}";

    @TempDir
    Path dataDir;

    @Test
    void aSecondRunOnTheSameDirectoryKeepsTopicsAndSchemaIds() throws Exception {
        OrdosTopics topics = OrdosTopics.DEFAULT;
        String firstId;
        try (EmbeddedPlatform platform =
                EmbeddedPlatform.builder(dataDir).topics(topics).start()) {
            assertThat(platform.provisioning().orElseThrow().created())
                    .hasSize(topics.all().size());
            firstId = register(platform, "ordos.goals-value");
            assertThat(topicNames(platform))
                    .containsAll(topics.all().stream().map(TopicSpec::name).toList());
        }

        try (EmbeddedPlatform again =
                EmbeddedPlatform.builder(dataDir).topics(topics).start()) {
            assertThat(again.provisioning().orElseThrow().created()).isEmpty();
            assertThat(again.provisioning().orElseThrow().alreadyPresent())
                    .hasSize(topics.all().size());
            assertThat(register(again, "ordos.goals-value")).isEqualTo(firstId);
            HttpResponse<String> versions = HTTP.send(
                    HttpRequest.newBuilder(
                                    URI.create(again.schemaRegistryUrl() + "/subjects/ordos.goals-value/versions"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(versions.body()).isEqualTo("[1]");
        }
    }

    private static String register(EmbeddedPlatform platform, String subject) throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(platform.schemaRegistryUrl() + "/subjects/" + subject + "/versions"))
                        .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                        .POST(HttpRequest.BodyPublishers.ofString(SCHEMA_BODY))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }

    private static Set<String> topicNames(EmbeddedPlatform platform) throws Exception {
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrapServers()))) {
            return admin.listTopics().names().get();
        }
    }
}
