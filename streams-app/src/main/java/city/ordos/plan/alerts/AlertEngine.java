package city.ordos.plan.alerts;

import city.ordos.plan.avro.AlertKind;
import city.ordos.plan.avro.AlertState;
import city.ordos.plan.avro.GoalAlert;
import city.ordos.plan.avro.GoalProgress;
import city.ordos.plan.avro.GoalStatus;
import city.ordos.plan.avro.Severity;
import city.ordos.plan.topics.OrdosTopics;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The alert rules, with Prometheus/Alertmanager semantics, over the status history of one goal.
 *
 * <ul>
 *   <li><b>Falling behind.</b> A status of AT_RISK or BEHIND starts a pending period; if the status
 *   stays worse for the goal's {@code pendingFor}, the alert FIRES at exactly the moment the period
 *   ended (not when somebody happened to look), so replays give the same alerts. A dip shorter than
 *   the period fires nothing. If BEHIND itself has lasted {@code pendingFor}, the episode fires as
 *   CRITICAL or is ESCALATED (same alert id, next sequence). Once firing, the goal must stay
 *   ON_TRACK for {@code keepFiringFor} before the episode is RESOLVED; a relapse inside that hold
 *   keeps the one episode open, so oscillation around a threshold does not flap. Reaching ACHIEVED
 *   resolves at once. NO_DATA and STALE neither confirm nor end an episode.</li>
 *   <li><b>Stale data.</b> Fires when the progress says STALE, or when the clock passes the latest
 *   data time plus the goal's cadence without a new report; resolves when fresh data arrives.</li>
 *   <li><b>Achieved.</b> One INFO notice when the goal reaches ACHIEVED; re-armed only after the
 *   goal has been below ACHIEVED for {@code keepFiringFor}.</li>
 * </ul>
 *
 * <p>Time is the plan clock. A record applies at its own {@code asOf} (never before the goal's
 * previous record); the punctuator fires the timers that came due by the clock's reading, each at
 * the moment it came due. An alert's time never precedes the goal's previous alert. Pure: no
 * Kafka, no I/O; the caller persists the state.
 */
public final class AlertEngine {

    private static final DateTimeFormatter ID_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final AlertConfig config;
    private final AlertMessages messages;

    public AlertEngine(AlertConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.messages = new AlertMessages(config.zone());
    }

    /** A new progress figure: timers run up to its asOf under the old status, then the new status applies. */
    public List<GoalAlert> observe(GoalAlertState state, GoalProgress progress, GoalRule rule) {
        List<GoalAlert> out = new ArrayList<>();
        long t = Math.max(progress.getAsOf().toEpochMilli(), state.lastRecordAt);
        state.lastRecordAt = t;
        runTimers(state, rule, t, out);

        ProgressSnapshot next = ProgressSnapshot.of(progress);
        GoalStatus previous = state.last == null ? GoalStatus.NO_DATA : state.last.status();
        Long previousDataTime = state.last == null ? null : state.last.latestEventTime();
        state.last = next;
        if (!Objects.equals(previousDataTime, next.latestEventTime())) {
            state.freshnessKnownAt = t;
        }
        GoalStatus status = next.status();
        applyFallingBehind(state, rule, previous, status, t, out);
        applyStale(state, rule, previous, status, t, out);
        applyAchieved(state, rule, previous, status, t, out);
        runTimers(state, rule, t, out); // timers already due when the record arrived (late data, stale at once)
        return out;
    }

    /** The clock moved to {@code now} without a new record: fire whatever timers came due. */
    public List<GoalAlert> advance(GoalAlertState state, GoalRule rule, Instant now) {
        List<GoalAlert> out = new ArrayList<>();
        runTimers(state, rule, now.toEpochMilli(), out);
        return out;
    }

    private void applyFallingBehind(
            GoalAlertState state, GoalRule rule, GoalStatus previous, GoalStatus status, long t, List<GoalAlert> out) {
        GoalAlertState.Episode episode = state.fallingBehind;
        if (status == GoalStatus.AT_RISK || status == GoalStatus.BEHIND) {
            if (state.worseSince == null) {
                state.worseSince = t;
                state.statusBeforeWorse = previous;
            }
            if (status == GoalStatus.BEHIND) {
                if (state.behindSince == null) {
                    state.behindSince = t;
                }
            } else {
                state.behindSince = null;
            }
            if (episode != null) {
                episode.goodSince = null; // relapse inside the hold: the same episode goes on
            }
            return;
        }
        state.worseSince = null;
        state.behindSince = null;
        state.statusBeforeWorse = null;
        if (episode == null) {
            return;
        }
        if (status == GoalStatus.ACHIEVED) {
            resolveFallingBehind(state, rule, status, alertTime(state, t), out);
        } else if (status == GoalStatus.ON_TRACK) {
            if (episode.goodSince == null) {
                episode.goodSince = t;
            }
        } else {
            episode.goodSince = null; // NO_DATA / STALE: no evidence the goal recovered
        }
    }

    private void applyStale(
            GoalAlertState state, GoalRule rule, GoalStatus previous, GoalStatus status, long t, List<GoalAlert> out) {
        if (status == GoalStatus.STALE) {
            if (state.stale == null) {
                fireStale(state, rule, previous, alertTime(state, t), out);
            }
            return;
        }
        if (state.stale != null && !dataOverdue(state, rule, t)) {
            GoalAlertState.Episode episode = state.stale;
            episode.sequence++;
            out.add(alert(
                    state,
                    rule,
                    episode,
                    AlertKind.STALE_DATA,
                    AlertState.RESOLVED,
                    Severity.WARNING,
                    GoalStatus.STALE,
                    status,
                    alertTime(state, t)));
            state.stale = null;
        }
    }

    private void applyAchieved(
            GoalAlertState state, GoalRule rule, GoalStatus previous, GoalStatus status, long t, List<GoalAlert> out) {
        if (status != GoalStatus.ACHIEVED) {
            if (state.achievedNoticed && state.notAchievedSince == null) {
                state.notAchievedSince = t;
            }
            return;
        }
        state.notAchievedSince = null;
        if (state.achievedNoticed || !config.achievedNotices()) {
            return;
        }
        state.achievedNoticed = true;
        long at = alertTime(state, t);
        GoalAlertState.Episode notice = new GoalAlertState.Episode(
                newEpisodeId(state, AlertKind.ACHIEVED, at), at, GoalStatus.ACHIEVED, previous);
        out.add(alert(
                state,
                rule,
                notice,
                AlertKind.ACHIEVED,
                AlertState.FIRING,
                Severity.INFO,
                previous,
                GoalStatus.ACHIEVED,
                at));
    }

    /** The timers of the current state, earliest first, each at the moment it came due. */
    private void runTimers(GoalAlertState state, GoalRule rule, long now, List<GoalAlert> out) {
        if (state.last == null) {
            return;
        }
        while (true) {
            long fire = Long.MAX_VALUE;
            long escalate = Long.MAX_VALUE;
            long resolve = Long.MAX_VALUE;
            long stale = Long.MAX_VALUE;
            long rearm = Long.MAX_VALUE;
            GoalAlertState.Episode episode = state.fallingBehind;
            if (episode == null && state.worseSince != null) {
                fire = plus(state.worseSince, rule.pendingFor().toMillis());
            }
            if (episode != null && episode.level == GoalStatus.AT_RISK && state.behindSince != null) {
                escalate = Math.max(plus(state.behindSince, rule.pendingFor().toMillis()), episode.firedAt);
            }
            if (episode != null && episode.goodSince != null) {
                resolve = plus(episode.goodSince, rule.keepFiringFor().toMillis());
            }
            if (state.stale == null) {
                Long overdueAt = overdueAt(state, rule);
                if (overdueAt != null) {
                    stale = Math.max(overdueAt, state.freshnessKnownAt);
                }
            }
            if (state.achievedNoticed && state.notAchievedSince != null) {
                rearm = plus(state.notAchievedSince, rule.keepFiringFor().toMillis());
            }
            long due = Math.min(Math.min(fire, escalate), Math.min(Math.min(resolve, stale), rearm));
            if (due > now) {
                break;
            }
            long at = Math.max(due, state.lastAlertAt);
            if (due == fire) {
                fireFallingBehind(state, rule, at, out);
            } else if (due == escalate) {
                escalate(state, rule, at, out);
            } else if (due == resolve) {
                resolveFallingBehind(state, rule, state.last.status(), at, out);
            } else if (due == stale) {
                fireStale(state, rule, state.last.status(), at, out);
            } else {
                state.achievedNoticed = false;
                state.notAchievedSince = null;
            }
        }
    }

    private void fireFallingBehind(GoalAlertState state, GoalRule rule, long at, List<GoalAlert> out) {
        boolean behindLongEnough = state.behindSince != null
                && plus(state.behindSince, rule.pendingFor().toMillis()) <= at;
        GoalStatus level = behindLongEnough ? GoalStatus.BEHIND : GoalStatus.AT_RISK;
        GoalStatus before = state.statusBeforeWorse == null ? GoalStatus.NO_DATA : state.statusBeforeWorse;
        GoalAlertState.Episode episode =
                new GoalAlertState.Episode(newEpisodeId(state, AlertKind.FALLING_BEHIND, at), at, level, before);
        state.fallingBehind = episode;
        out.add(alert(
                state,
                rule,
                episode,
                AlertKind.FALLING_BEHIND,
                AlertState.FIRING,
                severity(level),
                before,
                state.last.status(),
                at));
    }

    private void escalate(GoalAlertState state, GoalRule rule, long at, List<GoalAlert> out) {
        GoalAlertState.Episode episode = state.fallingBehind;
        GoalStatus before = episode.level;
        episode.level = GoalStatus.BEHIND;
        episode.sequence++;
        out.add(alert(
                state,
                rule,
                episode,
                AlertKind.FALLING_BEHIND,
                AlertState.ESCALATED,
                Severity.CRITICAL,
                before,
                GoalStatus.BEHIND,
                at));
    }

    private void resolveFallingBehind(
            GoalAlertState state, GoalRule rule, GoalStatus status, long at, List<GoalAlert> out) {
        GoalAlertState.Episode episode = state.fallingBehind;
        episode.sequence++;
        out.add(alert(
                state,
                rule,
                episode,
                AlertKind.FALLING_BEHIND,
                AlertState.RESOLVED,
                severity(episode.level),
                episode.level,
                status,
                at));
        state.fallingBehind = null;
    }

    private void fireStale(GoalAlertState state, GoalRule rule, GoalStatus before, long at, List<GoalAlert> out) {
        GoalAlertState.Episode episode =
                new GoalAlertState.Episode(newEpisodeId(state, AlertKind.STALE_DATA, at), at, GoalStatus.STALE, before);
        state.stale = episode;
        out.add(alert(
                state,
                rule,
                episode,
                AlertKind.STALE_DATA,
                AlertState.FIRING,
                Severity.WARNING,
                before,
                GoalStatus.STALE,
                at));
    }

    /** When the latest data becomes older than the cadence; null when that cannot be said. */
    private static Long overdueAt(GoalAlertState state, GoalRule rule) {
        ProgressSnapshot last = state.last;
        if (rule.cadence() == null
                || last.latestEventTime() == null
                || last.status() == GoalStatus.ACHIEVED
                || last.status() == GoalStatus.NO_DATA) {
            return null;
        }
        return plus(last.latestEventTime(), rule.cadence().toMillis());
    }

    private static boolean dataOverdue(GoalAlertState state, GoalRule rule, long t) {
        Long overdueAt = overdueAt(state, rule);
        return overdueAt != null && overdueAt <= t;
    }

    private GoalAlert alert(
            GoalAlertState state,
            GoalRule rule,
            GoalAlertState.Episode episode,
            AlertKind kind,
            AlertState alertState,
            Severity severity,
            GoalStatus before,
            GoalStatus after,
            long at) {
        ProgressSnapshot s = state.last;
        state.lastAlertAt = Math.max(state.lastAlertAt, at);
        AlertMessages.Message message = messages.describe(kind, alertState, severity, s, rule);
        return GoalAlert.newBuilder()
                .setAlertId(episode.alertId)
                .setSequence(episode.sequence)
                .setPlanId(s.planId())
                .setGoalId(s.goalId())
                .setSection(s.section())
                .setDepartment(rule.department() == null ? s.section() : rule.department())
                .setKind(kind)
                .setState(alertState)
                .setSeverity(severity)
                .setStatusBefore(before)
                .setStatusAfter(after)
                .setUnit(s.unit())
                .setTarget(s.target())
                .setActual(s.actual())
                .setExpected(s.expected())
                .setProjectedYearEnd(s.projectedYearEnd())
                .setFiredAt(Instant.ofEpochMilli(episode.firedAt))
                .setChangedAt(Instant.ofEpochMilli(at))
                .setMessageZh(message.zh())
                .setMessageEn(message.en())
                .build();
    }

    /** Deterministic: the same status history gives the same id on every replay. */
    static String alertId(ProgressSnapshot s, AlertKind kind, long firedAt) {
        String slug = switch (kind) {
            case FALLING_BEHIND -> "falling-behind";
            case STALE_DATA -> "stale-data";
            case ACHIEVED -> "achieved";
        };
        return OrdosTopics.goalKey(s.planId(), s.goalId()) + "/" + slug + "/"
                + ID_TIME.format(Instant.ofEpochMilli(firedAt));
    }

    /**
     * The id of a new episode, never the id of the goal's previous episode of that kind: an episode
     * can end and start again at the same alert time (alert times are clamped to the goal's latest
     * alert, and a late record may resolve what the clock then fires again), and receivers dedupe
     * on {@code alertId#sequence}, so a reused id would make them drop the new episode. A repeat
     * gets a counter ({@code .../20250307T155959Z-2}); still deterministic on replay.
     */
    private static String newEpisodeId(GoalAlertState state, AlertKind kind, long firedAt) {
        String base = alertId(state.last, kind, firedAt);
        String previous = state.lastEpisodeIds.get(kind.name());
        String id = base;
        if (base.equals(previous)) {
            id = base + "-2";
        } else if (previous != null && previous.startsWith(base + "-")) {
            id = base + "-" + (Integer.parseInt(previous.substring(base.length() + 1)) + 1);
        }
        state.lastEpisodeIds.put(kind.name(), id);
        return id;
    }

    /** A change at {@code t}, but never before the goal's previous alert (the clock may have run ahead). */
    private static long alertTime(GoalAlertState state, long t) {
        return Math.max(t, state.lastAlertAt);
    }

    private static Severity severity(GoalStatus level) {
        return level == GoalStatus.BEHIND ? Severity.CRITICAL : Severity.WARNING;
    }

    private static long plus(long time, long millis) {
        long sum = time + millis;
        return ((time ^ sum) & (millis ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }
}
