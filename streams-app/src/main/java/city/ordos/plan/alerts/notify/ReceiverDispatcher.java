package city.ordos.plan.alerts.notify;

import city.ordos.plan.avro.AlertNotification;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one receiver's queued messages at the pace the receiver allows, on its own thread and
 * consumer group, so a slow, throttled or failing receiver delays nobody else.
 *
 * <p>The queue is the alert-notifications topic itself: a message's offset is committed only once
 * it was sent or durably recorded as undeliverable, so a restart resumes with the first message
 * not yet sent (the one in flight at the crash may be sent again, under the same idempotency key).
 * The commit carries the times of the recent sends ({@link SendLimit#log()}) too, so the restarted
 * dispatcher keeps the send limit across the restart.
 * Messages are taken into memory up to {@link #BUFFER} ahead (the consumer is paused beyond) and
 * sent in order: when the send limit ({@link SendLimit}) has no slot, when the robot still answers
 * "too fast" (then the whole receiver waits its documented block) or between retries, the
 * dispatcher waits on its clock while it keeps polling, so the group never evicts it.
 */
final class ReceiverDispatcher implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(ReceiverDispatcher.class);
    static final int BUFFER = 1000;
    private static final Duration POLL = Duration.ofMillis(500);
    /** Longest single wait, so polling (and stopping) goes on during a long block. */
    private static final Duration WAIT_STEP = Duration.ofSeconds(1);

    private static final Duration PAUSE_AFTER_ERROR = Duration.ofSeconds(5);

    /** A message taken from the topic, with its delivery so far. */
    private static final class Queued {
        final ConsumerRecord<String, byte[]> record;
        final AlertNotification message; // null: undecodable
        int attempts;
        Instant notBefore = Instant.MIN;
        boolean waitedForLimit;

        Queued(ConsumerRecord<String, byte[]> record, AlertNotification message) {
            this.record = record;
            this.message = message;
        }
    }

    private final WebhookDelivery delivery;
    private final Consumer<String, byte[]> consumer;
    private final String topic;
    private final Deserializer<AlertNotification> notifications;
    private final FailedDeliveryRecorder failures;
    private final RetryPolicy retry;
    private final SendLimit limit;
    private final DeliveryMetrics metrics;
    private final Clock clock;
    private final Sleeper sleeper;
    private final String name;
    private final Deque<Queued> queue = new ArrayDeque<>();
    /** Per partition: the offset after the last record read (handled up to there when the queue holds none of it). */
    private final Map<TopicPartition, Long> readUpTo = new HashMap<>();

    private final Map<TopicPartition, Long> committed = new HashMap<>();
    private Instant blockedUntil = Instant.MIN;
    private volatile boolean running = true;

    ReceiverDispatcher(
            WebhookDelivery delivery,
            Consumer<String, byte[]> consumer,
            String topic,
            Deserializer<AlertNotification> notifications,
            FailedDeliveryRecorder failures,
            RetryPolicy retry,
            DeliveryMetrics metrics,
            Clock clock,
            Sleeper sleeper) {
        this.delivery = delivery;
        this.consumer = consumer;
        this.topic = topic;
        this.notifications = notifications;
        this.failures = failures;
        this.retry = retry;
        this.limit = new SendLimit(delivery.receiver().rateLimits());
        this.metrics = metrics;
        this.clock = clock;
        this.sleeper = sleeper;
        this.name = delivery.receiver().name();
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(Set.of(topic), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    // Uncommitted messages of these partitions are read again by their new owner.
                    queue.removeIf(q -> partitions.contains(partition(q.record)));
                    partitions.forEach(p -> {
                        readUpTo.remove(p);
                        committed.remove(p);
                    });
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    // What the previous owner sent in the last window counts against the limit here too:
                    // a restart right after a burst must not start with a full window (DingTalk blocks ten minutes).
                    consumer.committed(Set.copyOf(partitions)).values().stream()
                            .filter(o -> o != null)
                            .forEach(o -> limit.restore(o.metadata()));
                }
            });
            while (running) {
                try {
                    step();
                } catch (WakeupException | InterruptedException e) {
                    throw e;
                } catch (RuntimeException e) {
                    LOG.error(
                            "Receiver {}: delivery step failed; queue kept, retrying in {}",
                            name,
                            PAUSE_AFTER_ERROR,
                            e);
                    sleeper.sleep(PAUSE_AFTER_ERROR);
                }
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // stopping: the message in flight stays uncommitted
        } finally {
            boolean interrupted = Thread.interrupted(); // let close() leave the group cleanly
            consumer.close();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            LOG.info("Receiver {} stopped with {} message(s) queued", name, queue.size());
        }
    }

    private void step() throws InterruptedException {
        read();
        Queued head = queue.peekFirst();
        if (head == null) {
            commitHandled();
            return;
        }
        if (head.message == null) {
            failures.record(
                    name,
                    head.record,
                    "NOT_AVRO",
                    "queued message at " + head.record.topic() + "-" + head.record.partition() + "@"
                            + head.record.offset() + " cannot be decoded");
            finish();
            return;
        }
        Instant now = clock.instant();
        Instant slot = limit.nextSlot(now);
        Instant ready = latest(slot, blockedUntil, head.notBefore);
        if (ready.isAfter(now)) {
            if (slot.isAfter(now) && !head.waitedForLimit) {
                head.waitedForLimit = true;
                metrics.throttled("limit");
            }
            Duration wait = Duration.between(now, ready);
            sleeper.sleep(wait.compareTo(WAIT_STEP) > 0 ? WAIT_STEP : wait);
            return;
        }
        WebhookDelivery.Attempt attempt = delivery.attempt(head.message, now);
        // Counted when the answer came: never earlier than the robot saw it arrive.
        limit.record(clock.instant());
        metrics.attempt(attempt.verdict());
        String key = head.message.getNotificationId();
        switch (attempt.verdict()) {
            case DELIVERED -> {
                LOG.info(
                        "Message {} ({} alert update(s)) delivered to {} after {} attempt(s)",
                        key,
                        head.message.getAlertKeys().size(),
                        name,
                        head.attempts + 1);
                metrics.ended(head.message, "sent");
                finish();
            }
            case THROTTLED -> {
                Duration pause = delivery.receiver().throttlePause();
                blockedUntil = now.plus(pause);
                metrics.throttled("robot");
                LOG.warn("Receiver {} says too fast ({}): holding its queue for {}", name, attempt.detail(), pause);
            }
            case RETRYABLE -> {
                head.attempts++;
                if (head.attempts >= retry.maxAttempts()) {
                    LOG.error(
                            "Message {} to {} given up after {} attempts: {}",
                            key,
                            name,
                            head.attempts,
                            attempt.detail());
                    failures.record(
                            name,
                            head.record,
                            "ALERT_DELIVERY_FAILED",
                            "message " + key + " (alerts " + head.message.getAlertKeys() + ") to " + name
                                    + " given up after " + head.attempts + " attempts: " + attempt.detail());
                    metrics.ended(head.message, "failed");
                    finish();
                } else {
                    Duration wait = retry.backoffAfter(head.attempts);
                    head.notBefore = now.plus(wait);
                    LOG.info(
                            "Message {} to {}: attempt {} failed ({}), retrying in {}",
                            key,
                            name,
                            head.attempts,
                            attempt.detail(),
                            wait);
                }
            }
            case REJECTED -> {
                LOG.error("Message {} rejected by {}: {}", key, name, attempt.detail());
                failures.record(
                        name,
                        head.record,
                        "ALERT_DELIVERY_REJECTED",
                        "message " + key + " (alerts " + head.message.getAlertKeys() + ") rejected by " + name + ": "
                                + attempt.detail());
                metrics.ended(head.message, "rejected");
                finish();
            }
        }
    }

    /** Takes new messages of this receiver into the queue (others' are skipped), up to the buffer. */
    private void read() {
        Set<TopicPartition> assigned = consumer.assignment();
        if (queue.size() >= BUFFER) {
            consumer.pause(assigned);
        } else if (!consumer.paused().isEmpty()) {
            consumer.resume(consumer.paused());
        }
        for (ConsumerRecord<String, byte[]> record : consumer.poll(queue.isEmpty() ? POLL : Duration.ZERO)) {
            readUpTo.put(partition(record), record.offset() + 1);
            if (!name.equals(record.key())) {
                continue;
            }
            AlertNotification message;
            try {
                message = notifications.deserialize(record.topic(), record.headers(), record.value());
            } catch (RuntimeException e) {
                LOG.error("Receiver {}: undecodable message at {}@{}", name, partition(record), record.offset(), e);
                message = null;
            }
            queue.addLast(new Queued(record, message));
            metrics.queued();
        }
        publishQueue();
    }

    private void finish() {
        queue.removeFirst();
        publishQueue();
        commitHandled();
    }

    /** Commits, per partition, up to the first message still queued (or all that was read). */
    private void commitHandled() {
        Map<TopicPartition, OffsetAndMetadata> commits = new HashMap<>();
        for (Map.Entry<TopicPartition, Long> read : readUpTo.entrySet()) {
            long handled = read.getValue();
            for (Queued q : queue) {
                if (partition(q.record).equals(read.getKey())) {
                    handled = q.record.offset();
                    break;
                }
            }
            if (handled > committed.getOrDefault(read.getKey(), -1L)) {
                commits.put(read.getKey(), new OffsetAndMetadata(handled, limit.log()));
            }
        }
        if (!commits.isEmpty()) {
            consumer.commitSync(commits);
            commits.forEach((p, o) -> committed.put(p, o.offset()));
        }
    }

    private void publishQueue() {
        Queued head = queue.peekFirst();
        metrics.queue(
                queue.size(),
                head == null || head.message == null
                        ? clock.millis()
                        : head.message.getCreatedAt().toEpochMilli());
    }

    private static Instant latest(Instant a, Instant b, Instant c) {
        Instant max = a.isAfter(b) ? a : b;
        return max.isAfter(c) ? max : c;
    }

    private static TopicPartition partition(ConsumerRecord<?, ?> record) {
        return new TopicPartition(record.topic(), record.partition());
    }

    void stop() {
        running = false;
        consumer.wakeup();
    }
}
