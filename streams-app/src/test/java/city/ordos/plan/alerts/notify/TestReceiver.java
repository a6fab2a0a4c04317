package city.ordos.plan.alerts.notify;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * A webhook receiver on 127.0.0.1 for tests: records every request per path (including the ones it
 * answers with an error, as a receiver that processed a request but lost the response would) and
 * answers as scripted per path.
 */
final class TestReceiver implements AutoCloseable {

    record Request(String path, String idempotencyKey, String contentType, String body) {}

    record Reply(int status, String body) {
        static final Reply OK = new Reply(200, "{\"errcode\":0,\"errmsg\":\"ok\"}");
    }

    private final HttpServer server;
    private final Map<String, List<Request>> requests = new ConcurrentHashMap<>();
    private final Map<String, IntFunction<Reply>> scripts = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();

    TestReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.start();
    }

    /** Answers requests to {@code path} by their 1-based number. */
    TestReceiver script(String path, IntFunction<Reply> reply) {
        scripts.put(path, reply);
        return this;
    }

    URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    List<Request> requests(String path) {
        return List.copyOf(requests.getOrDefault(path, List.of()));
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        requests.computeIfAbsent(path, p -> new CopyOnWriteArrayList<>())
                .add(new Request(
                        path,
                        exchange.getRequestHeaders().getFirst("Idempotency-Key"),
                        exchange.getRequestHeaders().getFirst("Content-Type"),
                        body));
        int n = counts.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
        Reply reply = scripts.getOrDefault(path, i -> Reply.OK).apply(n);
        byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(reply.status(), bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
