package city.ordos.plan.producers;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.Supplier;

/** Prints a progress line at most every few seconds: items done, rate, errors so far. */
public final class Progress {

    private final PrintStream out;
    private final String what;
    private final long intervalNanos;
    private final long startNanos = System.nanoTime();
    private long lastPrint = startNanos;

    public Progress(PrintStream out, String what, double intervalSeconds) {
        this.out = out;
        this.what = what;
        this.intervalNanos = (long) (intervalSeconds * 1e9);
    }

    /** Call after each item; prints only when the interval has passed. */
    public void tick(long done, Supplier<String> errors) {
        long now = System.nanoTime();
        if (now - lastPrint >= intervalNanos) {
            lastPrint = now;
            out.println(line(done, errors.get(), now));
        }
    }

    public String line(long done, String errors) {
        return line(done, errors, System.nanoTime());
    }

    private String line(long done, String errors, long now) {
        double seconds = Math.max(1e-9, (now - startNanos) / 1e9);
        return String.format(
                Locale.ROOT, "%s: %,d done in %.1f s (%,.0f/s), %s", what, done, seconds, done / seconds, errors);
    }

    public double elapsedSeconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
