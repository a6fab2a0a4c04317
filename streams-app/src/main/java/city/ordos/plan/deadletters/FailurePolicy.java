package city.ordos.plan.deadletters;

import city.ordos.plan.registry.SchemaNotFoundException;
import city.ordos.plan.registry.SchemaRegistryException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.streams.errors.ProcessorStateException;
import org.apache.kafka.streams.errors.TaskCorruptedException;
import org.apache.kafka.streams.errors.TaskMigratedException;

/**
 * Tells a failure of the infrastructure (registry or broker unreachable, local state unusable),
 * which must stop the stream thread so the record is processed again once it heals, from a
 * failure that belongs to one record, which is dead-lettered so the product keeps serving.
 */
public final class FailurePolicy {

    private FailurePolicy() {}

    /** True when nothing about the record itself is wrong: retrying later can succeed. */
    public static boolean isInfrastructure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof RegistryUnavailableException
                    || t instanceof RetriableException
                    || t instanceof ProcessorStateException
                    || t instanceof TaskCorruptedException
                    || t instanceof TaskMigratedException
                    || t instanceof InterruptedException) {
                return true;
            }
            if (t instanceof SchemaRegistryException e && !(e instanceof SchemaNotFoundException)) {
                // Retriable (5xx, no answer) or a refusal of our own credentials (401/403): the registry's
                // problem or ours, not the record's. An unknown id (404) is the record's.
                return true;
            }
        }
        return false;
    }

    /** One line for a dead letter's message: the step and the error, without a stack trace. */
    public static String describe(String step, Throwable failure) {
        StringBuilder b = new StringBuilder(step == null ? "processing" : step).append(" failed: ");
        b.append(failure.getClass().getName()).append(": ").append(failure.getMessage());
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root != failure) {
            b.append(" (cause ")
                    .append(root.getClass().getName())
                    .append(": ")
                    .append(root.getMessage())
                    .append(')');
        }
        return b.toString();
    }
}
