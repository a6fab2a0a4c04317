package city.ordos.plan.alerts.notify;

/**
 * Where a {@link SilenceRegistry} records changes before applying them, so that other instances
 * and later runs see the same silences. Recording is synchronous: when it returns, the change is
 * durable; when it throws, the caller must treat the change as not made.
 *
 * <p>A journal that {@linkplain #echoes() echoes} replays every change, its own included, into the
 * registry in journal order, and returns from a record call only once that change is applied; the
 * registry then never applies a change itself, so every instance ends in the journal's order even
 * when two operators change the same goal at once.
 */
public interface SilenceJournal {

    /** Keeps silences in memory only. */
    SilenceJournal NONE = new SilenceJournal() {
        @Override
        public void recordSilence(Silence silence) {}

        @Override
        public void recordLift(String goalKey) {}
    };

    void recordSilence(Silence silence);

    void recordLift(String goalKey);

    /** True if a recorded change reaches the registry through the journal itself (see above). */
    default boolean echoes() {
        return false;
    }

    /**
     * The change could not be recorded durably, or (for an echoing journal) is recorded but did not
     * reach this instance; either way it is not in force here and the caller must say so.
     */
    final class NotRecordedException extends RuntimeException {
        public NotRecordedException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
