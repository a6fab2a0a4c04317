package city.ordos.plan.dashboard;

import city.ordos.plan.api.LiveFeed;
import city.ordos.plan.api.Views;
import city.ordos.plan.avro.GoalAlert;
import city.ordos.plan.avro.GoalDefinition;
import city.ordos.plan.avro.GoalProgress;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.sse.SseClient;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes every progress change, alert update and catalog change to the open dashboards as
 * Server-Sent Events: {@code progress} ({goal, point}), {@code alert} (an alert update),
 * {@code catalog} (the catalog changed: refetch the snapshot). Sends happen on one thread of its
 * own, so a slow browser never holds up the feed. A comment every 15 s keeps proxies from closing
 * idle streams; browsers reconnect by themselves and the page refetches the snapshot on every (re)open.
 */
public final class DashboardStream implements LiveFeed.Listener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DashboardStream.class);

    private final ObjectMapper json;
    private final Queue<SseClient> clients = new ConcurrentLinkedQueue<>();
    private final ScheduledExecutorService sender = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "ordos-dashboard-sse");
        t.setDaemon(true);
        return t;
    });

    public DashboardStream(ObjectMapper json) {
        this.json = json;
        sender.scheduleAtFixedRate(() -> clients.forEach(c -> c.sendComment("keep-alive")), 15, 15, TimeUnit.SECONDS);
    }

    /** Registers a browser's stream (call from Javalin's SSE handler). */
    public void join(SseClient client) {
        client.keepAlive();
        client.onClose(() -> clients.remove(client));
        clients.add(client);
        send(client, "hello", Map.of("clients", clients.size()));
    }

    public int clients() {
        return clients.size();
    }

    @Override
    public void onProgress(GoalProgress progress) {
        broadcast("progress", Map.of("goal", Views.GoalView.of(progress), "point", Views.HistoryPoint.of(progress)));
    }

    @Override
    public void onAlert(GoalAlert alert) {
        broadcast("alert", Views.AlertView.of(alert));
    }

    @Override
    public void onCatalog(String key, GoalDefinition definition) {
        broadcast("catalog", Map.of("key", key, "removed", definition == null));
    }

    private void broadcast(String event, Object data) {
        if (clients.isEmpty()) {
            return;
        }
        String body;
        try {
            body = json.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + event + " event", e);
        }
        sender.execute(() -> clients.forEach(c -> send(c, event, body)));
    }

    private void send(SseClient client, String event, Object body) {
        if (client.terminated()) {
            clients.remove(client);
            return;
        }
        try {
            client.sendEvent(event, body);
        } catch (RuntimeException e) {
            LOG.debug("dropping dashboard stream that failed to take an event", e);
            clients.remove(client);
        }
    }

    @Override
    public void close() {
        sender.shutdownNow();
        clients.forEach(SseClient::close);
        clients.clear();
    }
}
