package city.ordos.plan.registry;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Confluent's compatibility levels: which earlier versions of a subject a new schema is checked
 * against, and in which direction. One enum for the registry server, the clients and the mock.
 */
public enum CompatibilityLevel {
    NONE(false, false, false),
    BACKWARD(true, false, false),
    BACKWARD_TRANSITIVE(true, false, true),
    FORWARD(false, true, false),
    FORWARD_TRANSITIVE(false, true, true),
    FULL(true, true, false),
    FULL_TRANSITIVE(true, true, true);

    private final boolean newReadsOld;
    private final boolean oldReadsNew;
    private final boolean transitive;

    CompatibilityLevel(boolean newReadsOld, boolean oldReadsNew, boolean transitive) {
        this.newReadsOld = newReadsOld;
        this.oldReadsNew = oldReadsNew;
        this.transitive = transitive;
    }

    /** Consumers upgraded to the new schema must read data written with the old one (BACKWARD). */
    public boolean newReadsOld() {
        return newReadsOld;
    }

    /** Consumers still on the old schema must read data written with the new one (FORWARD). */
    public boolean oldReadsNew() {
        return oldReadsNew;
    }

    /** Checked against every live version, not only the latest. */
    public boolean transitive() {
        return transitive;
    }

    /** Case-insensitive, as Confluent accepts it; empty for null or an unknown name. */
    public static Optional<CompatibilityLevel> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(valueOf(text.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Like {@link #parse(String)}, failing with the list of valid names. */
    public static CompatibilityLevel of(String text) {
        return parse(text)
                .orElseThrow(() -> new IllegalArgumentException(
                        "Unknown compatibility level '" + text + "'; expected one of " + Arrays.toString(values())));
    }
}
