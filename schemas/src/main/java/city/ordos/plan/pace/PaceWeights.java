package city.ordos.plan.pace;

import java.util.Locale;
import java.util.Optional;

/**
 * What a GoalDefinition's {@code pace} name means month by month: the share of the year's target
 * expected in each month. Kept beside the contract so that the app (which judges pace) and the
 * simulator (which produces on-pace data) read the same weights.
 *
 * <p>CONSTRUCTION_SEASONAL follows the Inner Mongolia building season: frozen ground in January
 * and February, most work between April and October. The weights are an assumption of this
 * product (documented in docs/topology.md), not an official series. LINEAR and CONSTANT have no
 * monthly weights: LINEAR spreads evenly over the days of the year, CONSTANT expects the whole
 * target all year.
 */
public enum PaceWeights {
    CONSTRUCTION_SEASONAL(0.01, 0.02, 0.06, 0.10, 0.11, 0.12, 0.12, 0.12, 0.11, 0.10, 0.08, 0.05),
    FRONT_LOADED(0.12, 0.11, 0.10, 0.09, 0.09, 0.08, 0.08, 0.08, 0.07, 0.07, 0.06, 0.05),
    YEAR_END(0.04, 0.05, 0.06, 0.07, 0.07, 0.08, 0.08, 0.09, 0.10, 0.11, 0.12, 0.13);

    private final double[] monthly;

    PaceWeights(double... monthly) {
        this.monthly = monthly;
    }

    /** The weights a pace name carries; empty for LINEAR, CONSTANT and unknown names. */
    public static Optional<PaceWeights> forPace(String pace) {
        if (pace == null) {
            return Optional.empty();
        }
        String name = pace.trim().toUpperCase(Locale.ROOT);
        for (PaceWeights w : values()) {
            if (w.name().equals(name)) {
                return Optional.of(w);
            }
        }
        return Optional.empty();
    }

    /** Share of the year expected in {@code month} (1-12); the twelve shares sum to 1. */
    public double month(int month) {
        return monthly[month - 1];
    }

    /** A copy of the twelve shares, January first. */
    public double[] monthly() {
        return monthly.clone();
    }
}
