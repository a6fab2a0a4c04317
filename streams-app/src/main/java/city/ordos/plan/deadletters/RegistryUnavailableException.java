package city.ordos.plan.deadletters;

/**
 * The schema registry could not answer (unreachable, refusing our credentials): not bad data. The
 * processing-error policy fails the stream thread on it, so the record is read again once the
 * registry is back, instead of dead-lettering it.
 */
public final class RegistryUnavailableException extends RuntimeException {
    public RegistryUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
