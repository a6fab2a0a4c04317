package city.ordos.plan.units;

/** A unit that is unknown, or two units that measure different things: bad input, never a guess. */
public final class UnitException extends IllegalArgumentException {

    private final String from;
    private final String to;

    public UnitException(String message, String from, String to) {
        super(message);
        this.from = from;
        this.to = to;
    }

    /** The unit converted from (or the only unit involved). */
    public String from() {
        return from;
    }

    /** The unit converted to; null when only one unit was involved. */
    public String to() {
        return to;
    }
}
