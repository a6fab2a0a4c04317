package city.ordos.plan.alerts;

import city.ordos.plan.settings.SettingValues;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Defaults of the alert rules (a goal's catalog entry overrides them) and how often the clock
 * re-evaluates pending timers.
 *
 * <p>Durations of the rules are plan-clock time (hours of the plan year), not wall-clock time: in
 * a demo replay that runs a year in minutes, "pending for 72 hours" means 72 hours of the plan
 * year. {@link #evaluateEvery()} is wall-clock time: how often the punctuator looks at the clock.
 *
 * @param pendingFor     how long a goal must stay AT_RISK/BEHIND before an alert fires (Prometheus {@code for})
 * @param keepFiringFor  how long a firing alert's goal must stay good before it resolves ({@code keep_firing_for})
 * @param defaultCadence reporting cadence for goals whose catalog entry is not known (yet); null: rely on status STALE
 * @param evaluateEvery  wall-clock interval of the timer punctuator
 * @param zone           time zone dates in messages are written in
 * @param achievedNotices whether an INFO notice is sent when a goal reaches ACHIEVED
 */
public record AlertConfig(
        Duration pendingFor,
        Duration keepFiringFor,
        Duration defaultCadence,
        Duration evaluateEvery,
        ZoneId zone,
        boolean achievedNotices) {

    public static final String PENDING_FOR_HOURS = "ordos.alerts.pending.for.hours";
    public static final String KEEP_FIRING_FOR_HOURS = "ordos.alerts.keep.firing.for.hours";
    public static final String DEFAULT_CADENCE_DAYS = "ordos.alerts.default.cadence.days";
    public static final String EVALUATE_INTERVAL_MS = "ordos.alerts.evaluate.interval.ms";
    public static final String ZONE = "ordos.alerts.zone";
    public static final String ACHIEVED_NOTICES = "ordos.alerts.achieved.notices";
    /** Every key {@link #fromProperties} reads (application keys: never passed to Kafka). */
    public static final Set<String> KEYS = Set.of(
            PENDING_FOR_HOURS,
            KEEP_FIRING_FOR_HOURS,
            DEFAULT_CADENCE_DAYS,
            EVALUATE_INTERVAL_MS,
            ZONE,
            ACHIEVED_NOTICES);

    public AlertConfig {
        Objects.requireNonNull(pendingFor, "pendingFor");
        Objects.requireNonNull(keepFiringFor, "keepFiringFor");
        Objects.requireNonNull(evaluateEvery, "evaluateEvery");
        Objects.requireNonNull(zone, "zone");
        if (pendingFor.isNegative() || keepFiringFor.isNegative()) {
            throw new IllegalArgumentException("alert durations must not be negative: pendingFor=" + pendingFor
                    + ", keepFiringFor=" + keepFiringFor);
        }
        if (defaultCadence != null && (defaultCadence.isZero() || defaultCadence.isNegative())) {
            throw new IllegalArgumentException("defaultCadence must be positive, was " + defaultCadence);
        }
        if ((evaluateEvery.isZero() || evaluateEvery.isNegative())) {
            throw new IllegalArgumentException("evaluateEvery must be positive, was " + evaluateEvery);
        }
    }

    /** 72 h pending, 168 h keep-firing, no default cadence, evaluated every 10 s, Asia/Shanghai, notices on. */
    public static AlertConfig defaults() {
        return new AlertConfig(
                Duration.ofHours(72),
                Duration.ofHours(168),
                null,
                Duration.ofSeconds(10),
                ZoneId.of("Asia/Shanghai"),
                true);
    }

    /** Reads the {@code ordos.alerts.*} keys (see docs/alerts.md); missing keys keep their default. */
    public static AlertConfig fromProperties(Map<?, ?> props) {
        AlertConfig d = defaults();
        return new AlertConfig(
                hours(props, PENDING_FOR_HOURS, d.pendingFor()),
                hours(props, KEEP_FIRING_FOR_HOURS, d.keepFiringFor()),
                props.containsKey(DEFAULT_CADENCE_DAYS)
                        ? Duration.ofDays(parseLong(props, DEFAULT_CADENCE_DAYS))
                        : d.defaultCadence(),
                props.containsKey(EVALUATE_INTERVAL_MS)
                        ? Duration.ofMillis(parseLong(props, EVALUATE_INTERVAL_MS))
                        : d.evaluateEvery(),
                props.containsKey(ZONE)
                        ? ZoneId.of(String.valueOf(props.get(ZONE)).trim())
                        : d.zone(),
                SettingValues.bool(props, ACHIEVED_NOTICES, d.achievedNotices()));
    }

    public AlertConfig withPendingFor(Duration value) {
        return new AlertConfig(value, keepFiringFor, defaultCadence, evaluateEvery, zone, achievedNotices);
    }

    public AlertConfig withKeepFiringFor(Duration value) {
        return new AlertConfig(pendingFor, value, defaultCadence, evaluateEvery, zone, achievedNotices);
    }

    public AlertConfig withDefaultCadence(Duration value) {
        return new AlertConfig(pendingFor, keepFiringFor, value, evaluateEvery, zone, achievedNotices);
    }

    public AlertConfig withEvaluateEvery(Duration value) {
        return new AlertConfig(pendingFor, keepFiringFor, defaultCadence, value, zone, achievedNotices);
    }

    private static Duration hours(Map<?, ?> props, String key, Duration fallback) {
        return props.containsKey(key) ? Duration.ofHours(parseLong(props, key)) : fallback;
    }

    private static long parseLong(Map<?, ?> props, String key) {
        String raw = String.valueOf(props.get(key)).trim();
        try {
            return Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a whole number, was '" + raw + "'", e);
        }
    }
}
