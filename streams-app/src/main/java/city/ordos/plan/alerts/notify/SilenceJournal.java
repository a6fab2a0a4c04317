package city.ordos.plan.alerts.notify;

/**
 * Where a {@link SilenceRegistry} records changes before applying them, so that other instances
 * and later runs see the same silences. Recording is synchronous: when it returns, the change is
 * durable; when it throws, the caller must treat the change as not made.
 */
public interface SilenceJournal {

    /** Keeps silences in memory only. */
    SilenceJournal NONE = new SilenceJournal() {
        @Override
        public void recordSilence(Silence silence) {
        }

        @Override
        public void recordLift(String goalKey) {
        }
    };

    void recordSilence(Silence silence);

    void recordLift(String goalKey);

    /** The change could not be recorded durably; it was not applied. */
    final class NotRecordedException extends RuntimeException {
        public NotRecordedException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
