package city.ordos.plan.topics;

import city.ordos.plan.avro.AlertAck;
import city.ordos.plan.avro.AlertNotification;
import city.ordos.plan.avro.AlertSilence;
import city.ordos.plan.avro.AuditEvent;
import city.ordos.plan.avro.DeadLetter;
import city.ordos.plan.avro.DispatchReport;
import city.ordos.plan.avro.EnergyReading;
import city.ordos.plan.avro.EnvironmentReading;
import city.ordos.plan.avro.GoalAlert;
import city.ordos.plan.avro.GoalDefinition;
import city.ordos.plan.avro.GoalProgress;
import city.ordos.plan.avro.InputStream;
import city.ordos.plan.avro.InvestmentReport;
import city.ordos.plan.avro.ReportSubmission;
import city.ordos.plan.avro.StatisticsRelease;
import java.time.Duration;
import java.util.List;

/**
 * Every topic the product reads or writes. Immutable; {@link #withPrefix(String)} gives a set of
 * the same topics under a name prefix, so tests and side-by-side deployments never share topics.
 *
 * <p>Keys are plain UTF-8 strings: the source id for input events, {@code planId/goalId} for goals,
 * progress and alerts. Values are registry-framed Avro.
 */
public final class OrdosTopics {

    public static final OrdosTopics DEFAULT = withPrefix("");

    private final String prefix;
    private final TopicSpec<String, InvestmentReport> investment;
    private final TopicSpec<String, EnergyReading> energy;
    private final TopicSpec<String, EnvironmentReading> environment;
    private final TopicSpec<String, StatisticsRelease> statistics;
    private final TopicSpec<String, GoalDefinition> goals;
    private final TopicSpec<String, GoalProgress> progress;
    private final TopicSpec<String, GoalProgress> progressHistory;
    private final TopicSpec<String, GoalAlert> alerts;
    private final TopicSpec<String, DeadLetter> deadLetters;
    private final TopicSpec<String, AlertSilence> alertSilences;
    private final TopicSpec<String, AuditEvent> audit;
    private final TopicSpec<String, DispatchReport> dispatchReports;
    private final TopicSpec<String, AlertAck> alertAcks;
    private final TopicSpec<String, ReportSubmission> reportSubmissions;
    private final TopicSpec<String, AlertNotification> alertNotifications;

    private OrdosTopics(String prefix) {
        this.prefix = prefix;
        Duration keepForever = Duration.ofMillis(-1);
        this.investment = new TopicSpec<>(
                prefix + "ordos.investment-reports",
                String.class,
                InvestmentReport.class,
                6,
                TopicSpec.CleanupPolicy.DELETE,
                keepForever);
        this.energy = new TopicSpec<>(
                prefix + "ordos.energy-readings",
                String.class,
                EnergyReading.class,
                6,
                TopicSpec.CleanupPolicy.DELETE,
                keepForever);
        this.environment = new TopicSpec<>(
                prefix + "ordos.environment-readings",
                String.class,
                EnvironmentReading.class,
                6,
                TopicSpec.CleanupPolicy.DELETE,
                keepForever);
        this.statistics = new TopicSpec<>(
                prefix + "ordos.statistics-releases",
                String.class,
                StatisticsRelease.class,
                1,
                TopicSpec.CleanupPolicy.DELETE,
                keepForever);
        this.goals = new TopicSpec<>(
                prefix + "ordos.goals", String.class, GoalDefinition.class, 1, TopicSpec.CleanupPolicy.COMPACT, null);
        this.progress = new TopicSpec<>(
                prefix + "ordos.goal-progress",
                String.class,
                GoalProgress.class,
                6,
                TopicSpec.CleanupPolicy.COMPACT,
                null);
        this.progressHistory = new TopicSpec<>(
                prefix + "ordos.goal-progress-history",
                String.class,
                GoalProgress.class,
                6,
                TopicSpec.CleanupPolicy.DELETE,
                keepForever);
        this.alerts = new TopicSpec<>(
                prefix + "ordos.goal-alerts",
                String.class,
                GoalAlert.class,
                3,
                TopicSpec.CleanupPolicy.DELETE,
                keepForever);
        this.deadLetters = new TopicSpec<>(
                prefix + "ordos.dead-letters",
                String.class,
                DeadLetter.class,
                3,
                TopicSpec.CleanupPolicy.DELETE,
                keepForever);
        // One partition: every instance reads all of it, and the set is small (one per goal at most).
        this.alertSilences = new TopicSpec<>(
                prefix + "ordos.alert-silences",
                String.class,
                AlertSilence.class,
                1,
                TopicSpec.CleanupPolicy.COMPACT,
                null);
        // Append-only and kept forever: one partition gives every reader the actions in the order
        // they were recorded; the volume is people's actions, a few thousand a day at most.
        this.audit = new TopicSpec<>(
                prefix + "ordos.audit", String.class, AuditEvent.class, 1, TopicSpec.CleanupPolicy.DELETE, keepForever);
        // One partition, compacted: a dozen month-end reports a year plus those asked for; every
        // instance reads all of them, and the last record per report id is the report.
        this.dispatchReports = new TopicSpec<>(
                prefix + "ordos.dispatch-reports",
                String.class,
                DispatchReport.class,
                1,
                TopicSpec.CleanupPolicy.COMPACT,
                null);
        // Acknowledgements like silences: read whole by every instance, one per episode at most.
        this.alertAcks = new TopicSpec<>(
                prefix + "ordos.alert-acks", String.class, AlertAck.class, 1, TopicSpec.CleanupPolicy.COMPACT, null);
        // Web submissions by departments, latest state per submission; read whole by every instance.
        this.reportSubmissions = new TopicSpec<>(
                prefix + "ordos.report-submissions",
                String.class,
                ReportSubmission.class,
                1,
                TopicSpec.CleanupPolicy.COMPACT,
                null);
        // The notifier's delivery queue, keyed by receiver: one partition keeps each receiver's
        // messages in the order the planner queued them; a few messages a day, kept for replay.
        this.alertNotifications = new TopicSpec<>(
                prefix + "ordos.alert-notifications",
                String.class,
                AlertNotification.class,
                1,
                TopicSpec.CleanupPolicy.DELETE,
                keepForever);
    }

    public static OrdosTopics withPrefix(String prefix) {
        return new OrdosTopics(prefix == null ? "" : prefix);
    }

    public String prefix() {
        return prefix;
    }

    public TopicSpec<String, InvestmentReport> investment() {
        return investment;
    }

    public TopicSpec<String, EnergyReading> energy() {
        return energy;
    }

    public TopicSpec<String, EnvironmentReading> environment() {
        return environment;
    }

    public TopicSpec<String, StatisticsRelease> statistics() {
        return statistics;
    }

    public TopicSpec<String, GoalDefinition> goals() {
        return goals;
    }

    public TopicSpec<String, GoalProgress> progress() {
        return progress;
    }

    public TopicSpec<String, GoalProgress> progressHistory() {
        return progressHistory;
    }

    public TopicSpec<String, GoalAlert> alerts() {
        return alerts;
    }

    public TopicSpec<String, DeadLetter> deadLetters() {
        return deadLetters;
    }

    public TopicSpec<String, AlertSilence> alertSilences() {
        return alertSilences;
    }

    /** Who did what, when, from where (docs/security.md#what-is-logged): append-only, kept forever. */
    public TopicSpec<String, AuditEvent> audit() {
        return audit;
    }

    /** The monthly dispatch reports, one per report id (compacted). */
    public TopicSpec<String, DispatchReport> dispatchReports() {
        return dispatchReports;
    }

    public TopicSpec<String, AlertAck> alertAcks() {
        return alertAcks;
    }

    /** Statement tables departments submitted on the web, pending, approved or rejected (compacted). */
    public TopicSpec<String, ReportSubmission> reportSubmissions() {
        return reportSubmissions;
    }

    public TopicSpec<String, AlertNotification> alertNotifications() {
        return alertNotifications;
    }

    /** The input topic that carries events of the given stream. */
    public TopicSpec<String, ?> input(InputStream stream) {
        return switch (stream) {
            case INVESTMENT -> investment;
            case ENERGY -> energy;
            case ENVIRONMENT -> environment;
            case STATISTICS -> statistics;
        };
    }

    public List<TopicSpec<String, ?>> inputs() {
        return List.of(investment, energy, environment, statistics);
    }

    /** Every topic, in provisioning order. */
    public List<TopicSpec<String, ?>> all() {
        return List.of(
                investment,
                energy,
                environment,
                statistics,
                goals,
                progress,
                progressHistory,
                alerts,
                deadLetters,
                alertSilences,
                audit,
                alertAcks,
                reportSubmissions,
                alertNotifications,
                dispatchReports);
    }

    /** The goals topic key of a goal. */
    public static String goalKey(String planId, String goalId) {
        return planId + "/" + goalId;
    }
}
