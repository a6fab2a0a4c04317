package city.ordos.plan.alerts.notify;

import city.ordos.plan.avro.AlertNotification;
import city.ordos.plan.avro.NotificationReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Delivery metrics of one receiver (Grafana's "Alert delivery" row): messages sent, failed,
 * rejected; alert updates delivered, grouped, silenced; messages queued and throttled; the queue's
 * depth and the age of its oldest message.
 */
final class DeliveryMetrics {

    private final MeterRegistry meters;
    private final String receiver;
    private final String type;
    private final Clock clock;
    private final AtomicLong depth = new AtomicLong();
    private final AtomicLong oldestCreatedAt = new AtomicLong();

    DeliveryMetrics(MeterRegistry meters, ReceiverConfig receiver, Clock clock) {
        this.meters = meters;
        this.receiver = receiver.name();
        this.type = receiver.type().name().toLowerCase(Locale.ROOT);
        this.clock = clock;
        Gauge.builder("ordos.alerts.queue.depth", depth, AtomicLong::doubleValue)
                .description("Messages queued for a receiver and not yet sent")
                .tag("receiver", this.receiver)
                .register(meters);
        Gauge.builder("ordos.alerts.queue.oldest.age", this, DeliveryMetrics::oldestAgeSeconds)
                .description("Age of the oldest message queued for a receiver")
                .baseUnit("seconds")
                .tag("receiver", this.receiver)
                .register(meters);
    }

    void queue(int size, long headCreatedAtMillis) {
        depth.set(size);
        oldestCreatedAt.set(size == 0 ? 0 : headCreatedAtMillis);
    }

    private double oldestAgeSeconds() {
        long created = oldestCreatedAt.get();
        return created == 0 ? 0 : Math.max(0, clock.millis() - created) / 1000.0;
    }

    void queued() {
        counter("ordos.alerts.notifications.queued", "Messages taken into a receiver's delivery queue")
                .increment();
    }

    /** A message waited: for the send limit ({@code limit}) or because the robot said "too fast" ({@code robot}). */
    void throttled(String by) {
        Counter.builder("ordos.alerts.notifications.throttled")
                .description("Messages held back by a receiver's rate limit")
                .tag("receiver", receiver)
                .tag("by", by)
                .register(meters)
                .increment();
    }

    /** A message ended: sent, failed (given up) or rejected. */
    void ended(AlertNotification message, String outcome) {
        Counter.builder("ordos.alerts.notifications")
                .description("Messages to webhook receivers, by outcome")
                .tag("receiver", receiver)
                .tag("type", type)
                .tag("outcome", outcome)
                .register(meters)
                .increment();
        int alerts = message.getAlertKeys().size();
        String perAlert = outcome.equals("sent") ? "delivered" : outcome;
        deliveries(perAlert).increment(alerts);
        if (outcome.equals("sent") && message.getReason() != NotificationReason.ALERT) {
            counter("ordos.alerts.notifications.grouped", "Alert updates delivered inside group messages")
                    .increment(alerts);
        }
    }

    void silenced() {
        deliveries("silenced").increment();
    }

    void attempt(WebhookDelivery.Verdict verdict) {
        Counter.builder("ordos.alerts.delivery.attempts")
                .description("HTTP attempts to deliver messages, by result")
                .tag("receiver", receiver)
                .tag("result", verdict.name().toLowerCase(Locale.ROOT))
                .register(meters)
                .increment();
    }

    private Counter deliveries(String outcome) {
        return Counter.builder("ordos.alerts.deliveries")
                .description("Alert updates to webhook receivers, by outcome")
                .tag("receiver", receiver)
                .tag("type", type)
                .tag("outcome", outcome)
                .register(meters);
    }

    private Counter counter(String name, String description) {
        return Counter.builder(name)
                .description(description)
                .tag("receiver", receiver)
                .register(meters);
    }
}
