package city.ordos.plan.alerts.notify;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The acknowledgements in force, by alert id, shared by the notifier's planner (reminders and
 * escalation skip acknowledged episodes) and the API that records them. With a {@link KafkaAckLog}
 * every change is written to the alert-acks topic first and reaches this registry, on every
 * instance, when the topic's reader applies it; without one, acknowledgements last until the
 * process stops.
 */
public final class AckRegistry {

    /** Where changes are recorded before they take effect (the same contract as {@link SilenceJournal}). */
    public interface Journal {
        Journal NONE = new Journal() {
            @Override
            public void recordAck(Ack ack) {}

            @Override
            public void recordWithdrawal(String alertId) {}
        };

        void recordAck(Ack ack);

        void recordWithdrawal(String alertId);

        default boolean echoes() {
            return false;
        }
    }

    private final ConcurrentMap<String, Ack> acks = new ConcurrentHashMap<>();
    private final Journal journal;

    public AckRegistry() {
        this(Journal.NONE);
    }

    public AckRegistry(Journal journal) {
        this.journal = journal;
    }

    /**
     * Acknowledges an episode up to an update, replacing an earlier acknowledgement.
     *
     * @throws SilenceJournal.NotRecordedException if the journal could not record it (then nothing changed)
     */
    public void acknowledge(Ack ack) {
        journal.recordAck(ack);
        if (!journal.echoes()) {
            acks.put(ack.alertId(), ack);
        }
    }

    /** Withdraws an acknowledgement; true if there was one. */
    public boolean withdraw(String alertId) {
        if (!acks.containsKey(alertId)) {
            return false;
        }
        journal.recordWithdrawal(alertId);
        if (!journal.echoes()) {
            acks.remove(alertId);
        }
        return true;
    }

    public Optional<Ack> get(String alertId) {
        return Optional.ofNullable(acks.get(alertId));
    }

    /** Every acknowledgement, newest first. */
    public List<Ack> all() {
        return acks.values().stream()
                .sorted(Comparator.comparing(Ack::acknowledgedAt).reversed())
                .toList();
    }

    void applyRecorded(Ack ack) {
        acks.put(ack.alertId(), ack);
    }

    void applyWithdrawn(String alertId) {
        acks.remove(alertId);
    }
}
