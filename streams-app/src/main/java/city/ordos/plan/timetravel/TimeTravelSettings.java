package city.ordos.plan.timetravel;

import city.ordos.plan.settings.SettingValues;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * Settings of the time-travel branch ({@code ordos.timetravel.*}, docs/timetravel.md).
 *
 * @param enabled         false leaves the branch out of the topology (no past pictures; for A/B
 *                        cost measurements). Changing it changes the topology: see docs/topology.md
 * @param shownRetention  how long the figures shown are kept for "as shown at" (plan-clock time;
 *                        the versioned store's history retention)
 */
public record TimeTravelSettings(boolean enabled, Duration shownRetention) {

    public static final String ENABLED = "ordos.timetravel.enabled";
    public static final String SHOWN_RETENTION_DAYS = "ordos.timetravel.shown.retention.days";
    public static final Set<String> KEYS = Set.of(ENABLED, SHOWN_RETENTION_DAYS);

    /** Two plan years: this year's screen stays answerable all through the next. */
    public static final TimeTravelSettings DEFAULTS = new TimeTravelSettings(true, Duration.ofDays(730));

    public TimeTravelSettings {
        if (shownRetention.compareTo(Duration.ofDays(1)) < 0) {
            throw new IllegalArgumentException(SHOWN_RETENTION_DAYS + " must be at least 1, was " + shownRetention);
        }
    }

    public static TimeTravelSettings fromProperties(Map<String, String> values) {
        boolean enabled = SettingValues.bool(values, ENABLED, DEFAULTS.enabled());
        String days = values.getOrDefault(
                SHOWN_RETENTION_DAYS, Long.toString(DEFAULTS.shownRetention().toDays()));
        long d;
        try {
            d = Long.parseLong(days.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    SHOWN_RETENTION_DAYS + " must be a number of days, was '" + days + "'", e);
        }
        return new TimeTravelSettings(enabled, Duration.ofDays(d));
    }
}
