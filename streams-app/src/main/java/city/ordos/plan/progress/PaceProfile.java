package city.ordos.plan.progress;

import city.ordos.plan.pace.PaceWeights;
import city.ordos.plan.vocabulary.PlanCalendar;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Locale;

/**
 * The share of a year's target expected to be done by a date. Seasonal profiles give a weight per
 * month (summing to 1) and spread each month's weight evenly over its days.
 *
 * <p>The monthly weights are {@link PaceWeights}, shared with the simulator.
 */
public enum PaceProfile {
    LINEAR(null),
    CONSTRUCTION_SEASONAL(PaceWeights.CONSTRUCTION_SEASONAL.monthly()),
    FRONT_LOADED(PaceWeights.FRONT_LOADED.monthly()),
    YEAR_END(PaceWeights.YEAR_END.monthly()),
    /** Levels and rates: the whole target is expected all year. */
    CONSTANT(null);

    private final double[] monthWeights;

    PaceProfile(double[] monthWeights) {
        this.monthWeights = monthWeights;
    }

    /** The profile named in a goal definition; unknown or empty names read as LINEAR. */
    public static PaceProfile parse(String name) {
        if (name == null || name.isBlank()) {
            return LINEAR;
        }
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return LINEAR;
        }
    }

    /** Fraction of the year's target expected by the end of the day {@code asOf} falls on, in [0, 1]. */
    public double fraction(PlanCalendar calendar, Instant asOf) {
        if (this == CONSTANT) {
            return 1.0;
        }
        int days = calendar.daysElapsedThrough(asOf);
        if (days <= 0) {
            return 0.0;
        }
        if (days >= calendar.daysInYear()) {
            return 1.0;
        }
        if (monthWeights == null) {
            return (double) days / calendar.daysInYear();
        }
        LocalDate date = LocalDate.ofYearDay(calendar.year(), days);
        double done = 0;
        for (int m = 0; m < date.getMonthValue() - 1; m++) {
            done += monthWeights[m];
        }
        double month = monthWeights[date.getMonthValue() - 1];
        return Math.min(1.0, done + month * date.getDayOfMonth() / date.lengthOfMonth());
    }

    /**
     * Like {@link #fraction} but never CONSTANT's 1: the shape of the year used to compare
     * partial-year data with a full-year baseline (a CONSTANT goal's data still accrues linearly).
     */
    public double accrualFraction(PlanCalendar calendar, Instant asOf) {
        return this == CONSTANT ? LINEAR.fraction(calendar, asOf) : fraction(calendar, asOf);
    }
}
