package city.ordos.plan.alerts.notify;

import city.ordos.plan.avro.AlertSilence;
import city.ordos.plan.registry.AvroSerdes;
import city.ordos.plan.topics.TopicSpec;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * Silences kept on the compacted alert-silences topic ({@link CompactedTopicLog}): a silence set
 * through one instance's API mutes the goal on every notifier, and survives restarts.
 */
public final class KafkaSilenceLog implements SilenceJournal, AutoCloseable {

    private final Clock clock;
    private final SilenceRegistry registry;
    private final CompactedTopicLog<AlertSilence> log;

    private KafkaSilenceLog(
            Map<String, ?> kafka, TopicSpec<String, AlertSilence> topic, AvroSerdes serdes, Clock clock) {
        this.clock = clock;
        this.registry = new SilenceRegistry(clock, this);
        this.log = new CompactedTopicLog<>(kafka, topic, serdes, AlertSilence.class, "silences", (key, value) -> {
            if (value == null) {
                registry.applyLifted(key);
            } else {
                registry.applyRecorded(new Silence(key, value.getUntil(), value.getReason(), value.getCreatedBy()));
            }
        });
    }

    /**
     * Starts reading the topic and waits until every silence already on it is loaded.
     *
     * @throws TimeoutException if the topic cannot be read to its end within {@code loadTimeout}
     */
    public static KafkaSilenceLog open(
            Map<String, ?> kafka,
            TopicSpec<String, AlertSilence> topic,
            AvroSerdes serdes,
            Clock clock,
            Duration loadTimeout)
            throws TimeoutException, InterruptedException {
        KafkaSilenceLog silences = new KafkaSilenceLog(kafka, topic, serdes, clock);
        silences.log.start(loadTimeout);
        return silences;
    }

    /** The silences in force, shared by the notifier and the API; changes go through this log. */
    public SilenceRegistry registry() {
        return registry;
    }

    @Override
    public void recordSilence(Silence silence) {
        log.write(
                silence.goalKey(),
                AlertSilence.newBuilder()
                        .setGoalKey(silence.goalKey())
                        .setUntil(silence.until())
                        .setReason(silence.reason())
                        .setCreatedBy(silence.createdBy())
                        .setCreatedAt(clock.instant())
                        .build(),
                "silence of " + silence.goalKey());
    }

    @Override
    public void recordLift(String goalKey) {
        log.write(goalKey, null, "lift of the silence of " + goalKey);
    }

    @Override
    public boolean echoes() {
        return true;
    }

    @Override
    public void close() {
        log.close();
    }
}
