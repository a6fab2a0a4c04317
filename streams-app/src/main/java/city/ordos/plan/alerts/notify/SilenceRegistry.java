package city.ordos.plan.alerts.notify;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The silences in force, shared by the notifier's delivery threads and whoever manages them: the
 * notifier configuration at start, and the API (a token-protected endpoint calls
 * {@link #silence}/{@link #lift}). One silence per goal; a new one replaces it. Silences are wall
 * clock: an operator mutes a goal "until Monday 09:00", whatever the plan clock says.
 *
 * <p>With a {@link SilenceJournal} (the app and the notifier use {@link KafkaSilenceLog}) each
 * change is recorded before it takes effect here, and changes recorded by other instances arrive
 * through {@link #applyRecorded}/{@link #applyLifted}; without one, silences last until the
 * process stops.
 */
public final class SilenceRegistry {

    private final ConcurrentMap<String, Silence> silences = new ConcurrentHashMap<>();
    private final Clock clock;
    private final SilenceJournal journal;

    /** Silences held in this process only. */
    public SilenceRegistry(Clock clock) {
        this(clock, SilenceJournal.NONE);
    }

    public SilenceRegistry(Clock clock, Collection<Silence> initial) {
        this(clock);
        initial.forEach(this::silence);
    }

    public SilenceRegistry(Clock clock, SilenceJournal journal) {
        this.clock = clock;
        this.journal = journal;
    }

    /**
     * Mutes a goal, replacing its silence if it had one.
     *
     * @throws SilenceJournal.NotRecordedException if the journal could not record it (then nothing changed)
     */
    public void silence(Silence silence) {
        journal.recordSilence(silence);
        if (!journal.echoes()) {
            silences.put(silence.goalKey(), silence);
        }
    }

    /**
     * Ends the silence of a goal; true if there was one.
     *
     * @throws SilenceJournal.NotRecordedException if the journal could not record it (then nothing changed)
     */
    public boolean lift(String goalKey) {
        if (!silences.containsKey(goalKey)) {
            return false;
        }
        journal.recordLift(goalKey);
        if (!journal.echoes()) {
            silences.remove(goalKey);
        }
        return true;
    }

    /** A silence recorded in the journal (by this instance or another): takes effect without recording again. */
    void applyRecorded(Silence silence) {
        silences.put(silence.goalKey(), silence);
    }

    /** A lift recorded in the journal. */
    void applyLifted(String goalKey) {
        silences.remove(goalKey);
    }

    /** The silence muting the goal now, if any; expired silences are dropped on the way. */
    public Optional<Silence> activeFor(String goalKey) {
        Silence silence = silences.get(goalKey);
        if (silence == null) {
            return Optional.empty();
        }
        if (silence.mutes(goalKey, clock.instant())) {
            return Optional.of(silence);
        }
        silences.remove(goalKey, silence);
        return Optional.empty();
    }

    /** Silences still in force, by goal. */
    public List<Silence> active() {
        Instant now = clock.instant();
        return silences.values().stream()
                .filter(s -> s.mutes(s.goalKey(), now))
                .sorted(Comparator.comparing(Silence::goalKey))
                .toList();
    }
}
