package city.ordos.plan.audit;

import city.ordos.plan.auth.Principal;
import java.util.List;
import java.util.Objects;

/**
 * One action for the audit trail, before it gets its id and time. Built from what was done and by
 * whom; {@code before}/{@code after} are JSON texts of the target's state, never with secrets.
 */
public record AuditEntry(
        String actor,
        String actorRole,
        List<String> actorDepartments,
        String authenticatedBy,
        String clientAddress,
        String action,
        String target,
        String outcome,
        String detail,
        String before,
        String after) {

    public static final String OK = "OK";
    public static final String REFUSED = "REFUSED";
    public static final String FAILED = "FAILED";

    public AuditEntry {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(outcome, "outcome");
        actorDepartments = actorDepartments == null ? List.of() : List.copyOf(actorDepartments);
        detail = detail == null ? "" : detail;
    }

    /** An action of a signed-in principal over HTTP. */
    public static AuditEntry by(Principal who, String clientAddress, String action, String target, String outcome) {
        return new AuditEntry(
                who.name(),
                who.role().name(),
                List.copyOf(who.departments()),
                who.via().name(),
                clientAddress,
                action,
                target,
                outcome,
                "",
                null,
                null);
    }

    /** Someone not (yet) identified: a failed sign-in under the name that was tried. */
    public static AuditEntry anonymous(String triedName, String clientAddress, String action, String outcome) {
        return new AuditEntry(
                triedName == null || triedName.isBlank() ? "anonymous" : triedName,
                null,
                List.of(),
                null,
                clientAddress,
                action,
                null,
                outcome,
                "",
                null,
                null);
    }

    public AuditEntry withDetail(String text) {
        return new AuditEntry(
                actor,
                actorRole,
                actorDepartments,
                authenticatedBy,
                clientAddress,
                action,
                target,
                outcome,
                text,
                before,
                after);
    }

    public AuditEntry withChange(String beforeJson, String afterJson) {
        return new AuditEntry(
                actor,
                actorRole,
                actorDepartments,
                authenticatedBy,
                clientAddress,
                action,
                target,
                outcome,
                detail,
                beforeJson,
                afterJson);
    }

    public AuditEntry withTarget(String newTarget) {
        return new AuditEntry(
                actor,
                actorRole,
                actorDepartments,
                authenticatedBy,
                clientAddress,
                action,
                newTarget,
                outcome,
                detail,
                before,
                after);
    }
}
