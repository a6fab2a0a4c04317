package city.ordos.plan.api;

import static org.assertj.core.api.Assertions.assertThat;

import city.ordos.plan.alerts.notify.SilenceRegistry;
import city.ordos.plan.auth.ApiSecurity;
import city.ordos.plan.auth.CapturedLogs;
import city.ordos.plan.auth.TestOidcProvider;
import city.ordos.plan.avro.AuditEvent;
import city.ordos.plan.metrics.AppMetrics;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.CookieManager;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Single sign-on against a real OpenID Connect provider running in the test ({@link TestOidcProvider}:
 * discovery, JWKS, RS256 tokens): the browser's code flow with PKCE signs a department reporter in,
 * with role and department mapped from nested claims (the worked example of docs/security.md); API
 * clients' bearer tokens are accepted when valid and refused when expired, for another audience or
 * signed with another key; every refusal is audited; no token, secret or session id is ever logged
 * or audited.
 */
class OidcSignInTest {

    @RegisterExtension
    static final CapturedLogs LOGS = new CapturedLogs();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DEPARTMENT = "市发展和改革委员会";
    private static final Map<String, Object> REPORTER = Map.of(
            "sub", "3f6c1a2e-0d5b-4b8e-9c41-7a2d5e6f8b90",
            "preferred_username", "wang.fang",
            "name", "王芳",
            "realm_access", Map.of("roles", List.of("offline_access", "dept-reporter")),
            "ordos_departments", List.of(DEPARTMENT));
    private static final Map<String, Object> OPERATOR = Map.of(
            "sub", "7d1e",
            "preferred_username", "zhao.lei",
            "realm_access", Map.of("roles", List.of("dept-reporter", "monitoring-centre")));
    private static final Map<String, Object> NOBODY = Map.of(
            "sub", "9a9a", "preferred_username", "visitor", "realm_access", Map.of("roles", List.of("offline_access")));

    private static final List<String> SECRETS = new ArrayList<>();
    private static TestOidcProvider provider;
    private static RecordingAuditTrail audit;
    private static ApiServer server;
    private static AppMetrics metrics;

    @BeforeAll
    static void start() throws Exception {
        provider = new TestOidcProvider();
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Map<String, String> settings = new HashMap<>();
        settings.put("ordos.auth.oidc.issuer", provider.issuer());
        settings.put("ordos.auth.oidc.client-id", TestOidcProvider.CLIENT_ID);
        settings.put("ordos.auth.oidc.client-secret", TestOidcProvider.CLIENT_SECRET);
        settings.put("ordos.auth.oidc.redirect-uri", "http://127.0.0.1:" + port + "/auth/oidc/callback");
        settings.put("ordos.auth.oidc.claims.roles", "realm_access.roles");
        settings.put("ordos.auth.oidc.claims.departments", "ordos_departments");
        settings.put("ordos.auth.oidc.roles.reporter", "dept-reporter");
        settings.put("ordos.auth.oidc.roles.operator", "monitoring-centre");
        SECRETS.add(TestOidcProvider.CLIENT_SECRET);
        audit = new RecordingAuditTrail();
        metrics = new AppMetrics("oidc-test");
        ObjectMapper json = ApiRuntime.objectMapper();
        server = new ApiServer(
                        new ApiServer.Settings("127.0.0.1", port, "oidc-test-api-token", Samples.PLAN),
                        SampleApi.parts(
                                json,
                                new SilenceRegistry(Clock.systemUTC()),
                                () -> KafkaStreams.State.RUNNING,
                                metrics),
                        json,
                        new ApiSecurity(
                                ApiSecurity.Settings.from(settings, "oidc-test-api-token"), audit, Clock.systemUTC()))
                .start();
    }

    @AfterAll
    static void stop() {
        server.close();
        metrics.close();
        provider.close();
        assertThat(LOGS.size()).as("the run was logged").isPositive();
        assertThat(LOGS.linesContaining(SECRETS))
                .as("log lines with a token, secret or session id")
                .isEmpty();
        List<String> audited = audit.recent(null, null, null, 10_000).stream()
                .map(AuditEvent::toString)
                .filter(e -> SECRETS.stream().anyMatch(e::contains))
                .toList();
        assertThat(audited)
                .as("audit records with a token, secret or session id")
                .isEmpty();
    }

    @Test
    void theBrowserSignsInWithTheCodeFlowAndRoleAndDepartmentComeFromTheClaims() throws Exception {
        HttpClient browser = HttpClient.newBuilder()
                .cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        provider.signsInNext(REPORTER);
        HttpResponse<String> toProvider = browser.send(get("/auth/oidc/login"), HttpResponse.BodyHandlers.ofString());
        assertThat(toProvider.statusCode()).isEqualTo(302);
        URI authorize = URI.create(toProvider.headers().firstValue("Location").orElseThrow());
        assertThat(authorize.toString())
                .startsWith(provider.issuer() + "/authorize")
                .contains("code_challenge_method=S256")
                .contains("nonce=");

        HttpResponse<String> back =
                browser.send(HttpRequest.newBuilder(authorize).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(back.statusCode()).isEqualTo(302);
        URI callback = URI.create(back.headers().firstValue("Location").orElseThrow());
        HttpResponse<String> signedIn =
                browser.send(HttpRequest.newBuilder(callback).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(signedIn.statusCode()).as(signedIn.body()).isEqualTo(302);
        assertThat(signedIn.headers().firstValue("Location")).hasValue("/");
        String setCookie = signedIn.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(setCookie).contains("HttpOnly").contains("SameSite=Lax");
        SECRETS.add(setCookie.substring(setCookie.indexOf('=') + 1, setCookie.indexOf(';')));

        JsonNode me = JSON.readTree(browser.send(get("/auth/me"), HttpResponse.BodyHandlers.ofString())
                .body());
        assertThat(me.get("signedIn").asBoolean()).isTrue();
        assertThat(me.get("name").asText()).isEqualTo("wang.fang");
        assertThat(me.get("displayName").asText()).isEqualTo("王芳");
        assertThat(me.get("role").asText()).isEqualTo("REPORTER");
        assertThat(me.get("via").asText()).isEqualTo("OIDC");
        assertThat(me.get("departments").get(0).asText()).isEqualTo(DEPARTMENT);
        SECRETS.add(me.get("csrfToken").asText());
        assertThat(browser.send(get("/api/goals"), HttpResponse.BodyHandlers.ofString())
                        .statusCode())
                .isEqualTo(200);
        assertThat(browser.send(get("/api/audit"), HttpResponse.BodyHandlers.ofString())
                        .statusCode())
                .as("a reporter does not read the audit trail")
                .isEqualTo(403);
        assertThat(audit.recent("wang.fang", "SIGN_IN", null, 1))
                .singleElement()
                .satisfies(e -> assertThat(e.getAuthenticatedBy()).isEqualTo("OIDC"));

        // The same answer again (a replay) signs nobody in.
        HttpResponse<String> replay = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(callback).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(replay.statusCode()).isEqualTo(401);
    }

    @Test
    void aValidBearerTokenIsAcceptedAndItsClaimsGiveTheRole() throws Exception {
        String token = provider.accessToken(OPERATOR, TestOidcProvider.CLIENT_ID, Duration.ofMinutes(5));
        SECRETS.add(token);
        HttpResponse<String> me = send(bearer("/auth/me", token));
        assertThat(JSON.readTree(me.body()).get("role").asText()).isEqualTo("OPERATOR");
        assertThat(JSON.readTree(me.body()).get("via").asText()).isEqualTo("BEARER");
        assertThat(send(bearer("/api/audit", token)).statusCode()).isEqualTo(200);
    }

    @Test
    void expiredWrongAudienceForgedAndRoleLessTokensAreRefusedAndAudited() throws Exception {
        Map<String, String> refused = new LinkedHashMap<>();
        refused.put("expired", provider.accessToken(OPERATOR, TestOidcProvider.CLIENT_ID, Duration.ofMinutes(-10)));
        refused.put("another audience", provider.accessToken(OPERATOR, "some-other-app", Duration.ofMinutes(5)));
        refused.put("forged", provider.forgedToken(OPERATOR, TestOidcProvider.CLIENT_ID));
        refused.put("no role", provider.accessToken(NOBODY, TestOidcProvider.CLIENT_ID, Duration.ofMinutes(5)));
        refused.put("not a JWT", "definitely-not-a-jwt-token");
        SECRETS.addAll(refused.values());
        int before = audit.recent(null, "SIGN_IN_FAILED", null, 10_000).size();
        for (Map.Entry<String, String> e : refused.entrySet()) {
            HttpResponse<String> r = send(bearer("/api/goals", e.getValue()));
            assertThat(r.statusCode()).as(e.getKey() + ": " + r.body()).isEqualTo(401);
            assertThat(r.headers().firstValue("WWW-Authenticate"))
                    .as(e.getKey())
                    .hasValueSatisfying(v -> assertThat(v).contains("invalid_token"));
        }
        List<AuditEvent> failures = audit.recent(null, "SIGN_IN_FAILED", null, 10_000);
        assertThat(failures).hasSize(before + refused.size());
        assertThat(failures.subList(0, refused.size()).stream().map(AuditEvent::getDetail))
                .anySatisfy(d -> assertThat(d).containsIgnoringCase("expired"))
                .anySatisfy(d -> assertThat(d).contains("aud claim rejected"))
                .anySatisfy(d -> assertThat(d).containsIgnoringCase("signature"))
                .anySatisfy(d -> assertThat(d).contains("grants no role"));
    }

    private static HttpRequest get(String path) {
        return HttpRequest.newBuilder(uri(path)).GET().build();
    }

    private static HttpRequest bearer(String path, String token) {
        return HttpRequest.newBuilder(uri(path))
                .header("Authorization", "Bearer " + token)
                .GET()
                .build();
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    private static HttpResponse<String> send(HttpRequest request) throws Exception {
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }
}
