package city.ordos.plan.alerts;

import city.ordos.plan.avro.GoalDefinition;
import java.math.BigDecimal;
import java.time.Duration;

/**
 * The alert rule of one goal after applying its catalog entry over the defaults, plus the catalog
 * facts alerts need that the progress record does not carry.
 *
 * @param pendingFor    status must stay worse this long before FIRING
 * @param keepFiringFor status must stay good this long before RESOLVED
 * @param cadence       no statement for longer than this is stale data; null when unknown
 * @param department    owner of the goal, for routing
 * @param tolerance     for ABOUT/HOLD_AT goals, the allowed distance (message only); may be null
 */
public record GoalRule(
        Duration pendingFor, Duration keepFiringFor, Duration cadence, String department, BigDecimal tolerance) {

    /** The rule of a goal; {@code definition} may be null while the catalog has not been read yet. */
    public static GoalRule of(GoalDefinition definition, String section, AlertConfig config) {
        if (definition == null) {
            return new GoalRule(config.pendingFor(), config.keepFiringFor(), config.defaultCadence(), section, null);
        }
        Duration pending = definition.getAlertForHours() == null
                ? config.pendingFor()
                : Duration.ofHours(definition.getAlertForHours());
        Duration keep = definition.getAlertKeepFiringHours() == null
                ? config.keepFiringFor()
                : Duration.ofHours(definition.getAlertKeepFiringHours());
        Duration cadence = definition.getCadenceDays() > 0
                ? Duration.ofDays(definition.getCadenceDays())
                : config.defaultCadence();
        String department =
                definition.getDepartment() == null || definition.getDepartment().isBlank()
                        ? section
                        : definition.getDepartment();
        return new GoalRule(pending, keep, cadence, department, definition.getTolerance());
    }
}
