package city.ordos.plan.alerts.notify;

import io.javalin.Javalin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SilenceApiTest {

    private final Clock clock = Clock.fixed(Instant.parse("2026-01-05T08:00:00Z"), ZoneOffset.UTC);
    private final SilenceRegistry registry = new SilenceRegistry(clock);
    private final HttpClient http = HttpClient.newHttpClient();
    private Javalin app;

    @BeforeEach
    void start() {
        app = Javalin.create(config -> config.showJavalinBanner = false);
        SilenceApi.register(app, "/api/silences", registry, "s3cret");
        app.start("127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        app.stop();
    }

    private HttpResponse<String> send(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void silencesAGoalUntilATimeAndLiftsIt() throws Exception {
        HttpResponse<String> created = send("POST", "/api/silences", "s3cret",
                "{\"goal\":\"ordos-2025/gdp-growth\",\"until\":\"2026-01-06T09:00:00+08:00\",\"reason\":\"Q4 release\"}");

        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(registry.activeFor("ordos-2025/gdp-growth")).hasValueSatisfying(s -> {
            assertThat(s.until()).isEqualTo(Instant.parse("2026-01-06T01:00:00Z"));
            assertThat(s.reason()).isEqualTo("Q4 release");
        });
        assertThat(send("GET", "/api/silences", "s3cret", null).body()).contains("\"goal\":\"ordos-2025/gdp-growth\"");

        assertThat(send("DELETE", "/api/silences/ordos-2025/gdp-growth", "s3cret", null).statusCode()).isEqualTo(204);
        assertThat(registry.activeFor("ordos-2025/gdp-growth")).isEmpty();
        assertThat(send("DELETE", "/api/silences/ordos-2025/gdp-growth", "s3cret", null).statusCode()).isEqualTo(404);
    }

    @Test
    void refusesRequestsWithoutTheToken() throws Exception {
        assertThat(send("POST", "/api/silences", null,
                "{\"goal\":\"ordos-2025/gdp-growth\",\"until\":\"2026-01-06T09:00:00+08:00\"}").statusCode())
                .isEqualTo(401);
        assertThat(send("GET", "/api/silences", "wrong", null).statusCode()).isEqualTo(401);
        assertThat(send("DELETE", "/api/silences/ordos-2025/x", null, null).statusCode()).isEqualTo(401);
        assertThat(registry.active()).isEmpty();
    }

    @Test
    void explainsABadRequest() throws Exception {
        HttpResponse<String> response = send("POST", "/api/silences", "s3cret", "{\"goal\":\"gdp\",\"until\":\"soon\"}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("bad silence");
    }

    @Test
    void neverRegistersWithoutAToken() {
        assertThatThrownBy(() -> SilenceApi.register(app, "/x", registry, " "))
                .hasMessageContaining("needs a token");
    }

    @Test
    void aSilenceThatCannotBeRecordedIsRefusedWith503AndNotApplied() throws Exception {
        SilenceRegistry unrecordable = new SilenceRegistry(clock, new SilenceJournal() {
            @Override
            public void recordSilence(Silence silence) {
                throw new NotRecordedException("the alert-silences topic is unreachable", null);
            }

            @Override
            public void recordLift(String goalKey) {
                throw new NotRecordedException("the alert-silences topic is unreachable", null);
            }
        });
        Javalin other = Javalin.create(config -> config.showJavalinBanner = false);
        SilenceApi.register(other, "/api/silences", unrecordable, "s3cret");
        other.start("127.0.0.1", 0);
        try {
            HttpResponse<String> refused = http.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + other.port() + "/api/silences"))
                    .header("Authorization", "Bearer s3cret")
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"goal\":\"ordos-2025/gdp-growth\",\"until\":\"2026-01-06T09:00:00+08:00\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());

            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.body()).contains("unreachable");
            assertThat(unrecordable.active()).isEmpty();
        } finally {
            other.stop();
        }
    }
}
