package city.ordos.plan.api;

import static org.assertj.core.api.Assertions.assertThat;

import city.ordos.plan.alerts.notify.SilenceRegistry;
import city.ordos.plan.auth.ApiSecurity;
import city.ordos.plan.auth.ClientAddress;
import city.ordos.plan.auth.PasswordHashing;
import city.ordos.plan.auth.Role;
import city.ordos.plan.metrics.AppMetrics;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every operation of docs/openapi.yaml, called as nobody and as each role, is allowed exactly to the
 * roles its x-ordos-role names (and the ones above it) and refused to the others: 401 without a
 * credential, 403 with too little role. A route added to the code without an access rule is refused
 * to everyone, and fails here for the role the documentation grants it; a route documented without
 * x-ordos-role fails here too.
 */
class RouteAccessTest {

    private static final String TOKEN = "route-access-token";
    private static final String PASSWORD = "correct horse battery staple";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    private static OpenApiContract contract;
    private static ApiServer server;
    private static AppMetrics metrics;

    /** A caller: its role (null: nobody) and how it presents itself. */
    private record Caller(Role role, String user) {}

    @BeforeAll
    static void start() throws Exception {
        contract = new OpenApiContract(OpenApiContract.locate());
        String hash = PasswordHashing.hash(PASSWORD);
        StringBuilder users = new StringBuilder("users:\n");
        for (Role r : Role.values()) {
            users.append("  - name: ")
                    .append(r.name().toLowerCase(Locale.ROOT))
                    .append("\n    passwordHash: \"")
                    .append(hash)
                    .append("\"\n    role: ")
                    .append(r.name().toLowerCase(Locale.ROOT))
                    .append("\n    departments: [市发展和改革委员会]\n");
        }
        Path usersFile = Files.writeString(dir.resolve("users.yaml"), users);
        metrics = new AppMetrics("route-access-test");
        ObjectMapper json = ApiRuntime.objectMapper();
        server = new ApiServer(
                        new ApiServer.Settings("127.0.0.1", 0, TOKEN, Samples.PLAN),
                        SampleApi.parts(
                                json,
                                new SilenceRegistry(Clock.systemUTC()),
                                () -> KafkaStreams.State.RUNNING,
                                metrics),
                        json,
                        new ApiSecurity(
                                new ApiSecurity.Settings(TOKEN, false, usersFile, "auto", ClientAddress.NO_PROXY, null),
                                new RecordingAuditTrail(),
                                Clock.systemUTC()))
                .start();
    }

    @AfterAll
    static void stop() {
        server.close();
        metrics.close();
    }

    @Test
    void everyDocumentedOperationIsAllowedToItsRoleAndAboveAndRefusedBelow() throws Exception {
        List<String> wrong = new ArrayList<>();
        List<Caller> callers = new ArrayList<>();
        callers.add(new Caller(null, null));
        for (Role r : Role.values()) {
            callers.add(new Caller(r, r.name().toLowerCase(Locale.ROOT)));
        }
        for (String operation : contract.operations()) {
            String documented = contract.role(operation);
            if (documented == null) {
                wrong.add(operation + " has no x-ordos-role in docs/openapi.yaml");
                continue;
            }
            for (Caller caller : callers) {
                int status = call(operation, caller);
                boolean allowed = documented.equals("public")
                        || (caller.role() != null && caller.role().includes(Role.parse(documented)));
                int refusal = caller.role() == null ? 401 : 403;
                if (allowed && (status == 401 || status == 403)) {
                    wrong.add(operation + " as " + caller.user() + ": " + status + ", but " + documented
                            + " may call it");
                } else if (!allowed && status != refusal) {
                    wrong.add(operation + " as " + caller.user() + ": " + status + ", expected " + refusal + " (needs "
                            + documented + ")");
                }
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void theApiTokenActsAsAdministratorAndABrowserSessionNeedsItsCsrfToken() throws Exception {
        HttpResponse<String> withToken = send(HttpRequest.newBuilder(uri("/api/audit"))
                .header("Authorization", "Bearer " + TOKEN)
                .GET());
        assertThat(withToken.statusCode()).isEqualTo(200);

        Session operator = signIn("operator");
        String body = "{\"goalId\":\"fai\",\"until\":\"2030-01-01T00:00:00Z\"}";
        HttpResponse<String> noCsrf = send(HttpRequest.newBuilder(uri("/api/silences"))
                .header("Cookie", operator.cookie())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        assertThat(noCsrf.statusCode()).isEqualTo(403);
        assertThat(noCsrf.body()).contains("X-CSRF-Token");
        HttpResponse<String> withCsrf = send(HttpRequest.newBuilder(uri("/api/silences"))
                .header("Cookie", operator.cookie())
                .header(ApiSecurity.CSRF_HEADER, operator.csrf())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        assertThat(withCsrf.statusCode()).isEqualTo(201);
        assertThat(JSON.readTree(withCsrf.body())
                        .get("silences")
                        .get(0)
                        .get("createdBy")
                        .asText())
                .isEqualTo("operator");
    }

    /**
     * Every route that reads a JSON body answers a body that is not the object it takes — not JSON,
     * an array, a string, null, a field of the wrong type — with 400 and the shape it takes, never
     * a 500; the sign-in route to anyone, so no stranger can fill the log with stack traces.
     */
    @Test
    void aBodyThatIsNotTheObjectARouteTakesIsAClientErrorThatSaysWhatItTakes() throws Exception {
        Session administrator = signIn("administrator");
        Map<String, String> routes = Map.of(
                "/auth/login", "{username, password}",
                "/api/acks", "{alertId, sequence, note}",
                "/api/silences", "{goalId, until, reason, createdBy}");
        List<String> bodies = List.of(
                "{bad", "", "[]", "null", "\"x\"", "{\"username\":{\"a\":1},\"alertId\":[1],\"goalId\":{\"id\":1}}");
        for (Map.Entry<String, String> route : routes.entrySet()) {
            for (String body : bodies) {
                HttpRequest.Builder request = HttpRequest.newBuilder(uri(route.getKey()))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body));
                if (!route.getKey().startsWith("/auth/")) {
                    request.header("Cookie", administrator.cookie())
                            .header(ApiSecurity.CSRF_HEADER, administrator.csrf());
                }
                HttpResponse<String> answer = send(request);
                String shown = "POST " + route.getKey() + " " + body + " -> " + answer.body();
                assertThat(answer.statusCode()).as(shown).isEqualTo(400);
                assertThat(contract.violations(
                                JSON.readTree(answer.body()), contract.responseSchema("POST", route.getKey(), 400)))
                        .as(shown)
                        .isEmpty();
                assertThat(JSON.readTree(answer.body()).get("error").asText())
                        .as(shown)
                        .contains("the body must be a JSON object " + route.getValue())
                        .doesNotContain("city.ordos");
            }
        }
    }

    private int call(String operation, Caller caller) throws Exception {
        String method = operation.substring(0, operation.indexOf(' '));
        String path = operation.substring(operation.indexOf(' ') + 1).replaceAll("\\{[^}]+}", "fai");
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString("{}"));
        if (caller.user() != null) {
            // Signing out ends a session: that call gets one of its own.
            Session s = operation.equals("POST /auth/logout")
                    ? signIn(caller.user())
                    : SESSIONS.computeIfAbsent(caller.user(), RouteAccessTest::signInUnchecked);
            request.header("Cookie", s.cookie()).header(ApiSecurity.CSRF_HEADER, s.csrf());
        }
        if (path.equals("/api/stream")) {
            // An allowed event stream never ends: only its status line matters here.
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        }
        return send(request).statusCode();
    }

    private record Session(String cookie, String csrf) {}

    private static final Map<String, Session> SESSIONS = new ConcurrentHashMap<>();

    private static Session signInUnchecked(String user) {
        try {
            return signIn(user);
        } catch (Exception e) {
            throw new IllegalStateException("cannot sign in " + user, e);
        }
    }

    private static Session signIn(String user) throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/auth/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"username\":\"" + user + "\",\"password\":\"" + PASSWORD + "\"}")));
        assertThat(r.statusCode()).as("sign-in of " + user + ": " + r.body()).isEqualTo(200);
        JsonNode me = JSON.readTree(r.body());
        String cookie = r.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith(ApiSecurity.SESSION_COOKIE + "="))
                .findFirst()
                .orElseThrow()
                .split(";")[0];
        return new Session(cookie, me.get("csrfToken").asText());
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
