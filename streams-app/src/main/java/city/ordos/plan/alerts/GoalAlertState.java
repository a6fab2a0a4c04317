package city.ordos.plan.alerts;

import city.ordos.plan.avro.GoalStatus;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything the rule engine remembers about one goal between records: the latest figures, when
 * the current bad run started, and the open episodes. Mutable, owned by one stream task; persisted
 * (as JSON) in the changelogged alert state store, so every field is a plain value. Times are
 * plan-clock epoch milliseconds.
 */
public final class GoalAlertState {

    /** An open alert episode: one alert id from FIRING to RESOLVED. */
    public static final class Episode {
        public String alertId;
        public long firedAt;
        public int sequence;
        /** The status level announced so far (AT_RISK or BEHIND for falling behind, STALE for stale data). */
        public GoalStatus level;
        /** The status before the episode started, reported as statusBefore when it fires. */
        public GoalStatus statusBefore;
        /** Start of the keep-firing hold: the goal has been good since then; null while not good. */
        public Long goodSince;

        public Episode() {}

        Episode(String alertId, long firedAt, GoalStatus level, GoalStatus statusBefore) {
            this.alertId = alertId;
            this.firedAt = firedAt;
            this.sequence = 1;
            this.level = level;
            this.statusBefore = statusBefore;
        }
    }

    /** Latest progress figures; null until the first record. */
    public ProgressSnapshot last;
    /**
     * Plan time of the latest record applied: records apply at their own asOf (never before this),
     * not at the clock's reading, so a branch lagging behind a fast replay clock keeps the true
     * length of every bad run.
     */
    public long lastRecordAt = Long.MIN_VALUE;
    /** Time of the latest alert emitted; alert times of a goal never go backwards. */
    public long lastAlertAt = Long.MIN_VALUE;
    /** Status AT_RISK or BEHIND without interruption since; null otherwise. */
    public Long worseSince;
    /** Status BEHIND without interruption since; null otherwise. */
    public Long behindSince;
    /** Status before the current worse run began (statusBefore of the FIRING update). */
    public GoalStatus statusBeforeWorse;
    /** When the latest data timestamp became known (staleness cannot be noticed before). */
    public long freshnessKnownAt = Long.MIN_VALUE;

    public Episode fallingBehind;
    public Episode stale;
    /** Id of the latest episode per alert kind (name): a new episode never reuses it. */
    public Map<String, String> lastEpisodeIds = new TreeMap<>();
    /** An ACHIEVED notice has been sent and not re-armed since. */
    public boolean achievedNoticed;
    /** Status not ACHIEVED without interruption since (re-arms the notice after keepFiringFor). */
    public Long notAchievedSince;

    public GoalAlertState() {}
}
