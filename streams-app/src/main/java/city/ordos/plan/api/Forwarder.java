package city.ordos.plan.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Asks another instance of the application over HTTP (requests it must answer from its own state). */
final class Forwarder {

    /** Marks a request as forwarded: the receiver answers from its local state and never forwards again. */
    static final String FORWARDED_HEADER = "X-Ordos-Forwarded";

    record Answer(int status, String body) {}

    static final class ForwardFailedException extends RuntimeException {
        ForwardFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ObjectMapper json;
    private final String apiToken;

    /** @param apiToken the deployment's shared API token, which every instance accepts (docs/security.md) */
    Forwarder(ObjectMapper json, String apiToken) {
        this.json = json;
        this.apiToken = apiToken;
    }

    Answer forward(GoalState.Instance to, String pathAndQuery) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(to.baseUrl() + pathAndQuery))
                .timeout(Duration.ofSeconds(5))
                .header(FORWARDED_HEADER, "1")
                .header("Accept", "application/json")
                .GET();
        if (apiToken != null && !apiToken.isBlank()) {
            // The caller was authorised here; the owner answers this instance, which proves itself with the token.
            builder.header("Authorization", "Bearer " + apiToken);
        }
        HttpRequest request = builder.build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new ForwardFailedException("instance " + to + " did not answer " + pathAndQuery + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ForwardFailedException("interrupted while asking " + to, e);
        }
    }

    <T> T get(GoalState.Instance to, String pathAndQuery, Class<T> type) {
        Answer answer = forward(to, pathAndQuery);
        if (answer.status() != 200) {
            throw new ForwardFailedException(
                    "instance " + to + " answered " + answer.status() + " to " + pathAndQuery + ": " + answer.body(),
                    null);
        }
        try {
            return json.readValue(answer.body(), type);
        } catch (IOException e) {
            throw new ForwardFailedException("instance " + to + " sent an unreadable answer: " + e, e);
        }
    }
}
