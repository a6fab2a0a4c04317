package city.ordos.plan.infra.platform;

import static org.assertj.core.api.Assertions.assertThat;

import city.ordos.plan.registry.AvroSerdeConfig;
import city.ordos.plan.topics.OrdosTopics;
import city.ordos.plan.topics.TopicSpec;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
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
            assertThat(send(platform, "ordos.goals-value", null).statusCode())
                    .as("a change without this run's registry credentials")
                    .isEqualTo(401);
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

    @Test
    void preferredPortsAreUsedWhenFreeAndATakenOneIsReportedWithThePortUsedInstead() throws Exception {
        int free = freePort();
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                EmbeddedPlatform platform = EmbeddedPlatform.builder(dataDir)
                        .preferredPorts(taken.getLocalPort(), free)
                        .start()) {
            assertThat(platform.bootstrapServers()).doesNotEndWith(":" + taken.getLocalPort());
            assertThat(platform.schemaRegistryUrl()).endsWith(":" + free);
            assertThat(platform.portNotes())
                    .singleElement()
                    .asString()
                    .contains("Port " + taken.getLocalPort() + " is in use")
                    .contains("-b " + platform.bootstrapServers());
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String register(EmbeddedPlatform platform, String subject) throws Exception {
        String userInfo = platform.registryClientConfig().get(AvroSerdeConfig.BASIC_AUTH_USER_INFO);
        HttpResponse<String> response = send(platform, subject, userInfo);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }

    private static HttpResponse<String> send(EmbeddedPlatform platform, String subject, String userInfo)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create(platform.schemaRegistryUrl() + "/subjects/" + subject + "/versions"))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                .POST(HttpRequest.BodyPublishers.ofString(SCHEMA_BODY));
        if (userInfo != null) {
            request.header(
                    "Authorization",
                    "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8)));
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Set<String> topicNames(EmbeddedPlatform platform) throws Exception {
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrapServers()))) {
            return admin.listTopics().names().get();
        }
    }
}
