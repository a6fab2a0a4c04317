package city.ordos.plan.producers.sim;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The simulated years on offer, selected by name on the command line and in the Java API. */
public enum Scenario {
    /** Every goal keeps pace and ends the year at or a little beyond its target. */
    ON_TRACK("on-track"),
    /** The chosen goals (see {@link LaggingChoice}) fall behind from June on, so alerts fire. */
    LAGGING("lagging"),
    /** All sources of the chosen goals go silent from 1 July, so the goals turn STALE. */
    DATA_GAP("data-gap"),
    /** Sources correct earlier statements down and up, arrive late and re-send the same statement. */
    RESTATEMENTS("restatements"),
    /** Besides the on-track statements, a share of malformed or invalid events for the dead-letter path. */
    DIRTY("dirty");

    private final String cliName;

    Scenario(String cliName) {
        this.cliName = cliName;
    }

    public String cliName() {
        return cliName;
    }

    public static Scenario byName(String name) {
        for (Scenario s : values()) {
            if (s.cliName.equalsIgnoreCase(name) || s.name().equalsIgnoreCase(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown scenario '" + name + "'; known: "
                + Arrays.stream(values()).map(Scenario::cliName).collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return cliName;
    }
}
