package city.ordos.plan.producers;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Prints a progress line at most every few seconds, in Chinese and English: items done, rate, errors
 * so far ({@code 导入 a.csv：已处理 1,200 条，用时 5.0 秒（每秒 240 条），已拒收 3 行 / import a.csv: 1,200 done in
 * 5.0 s (240/s), 3 rejected so far}).
 */
public final class Progress {

    private final PrintStream out;
    private final ConsoleText what;
    private final long intervalNanos;
    private final long startNanos = System.nanoTime();
    private long lastPrint = startNanos;

    public Progress(PrintStream out, ConsoleText what, double intervalSeconds) {
        this.out = out;
        this.what = what;
        this.intervalNanos = (long) (intervalSeconds * 1e9);
    }

    /** Call after each item; prints only when the interval has passed. */
    public void tick(long done, Supplier<ConsoleText> errors) {
        long now = System.nanoTime();
        if (now - lastPrint >= intervalNanos) {
            lastPrint = now;
            out.println(line(done, errors.get(), now));
        }
    }

    public String line(long done, ConsoleText errors) {
        return line(done, errors, System.nanoTime());
    }

    private String line(long done, ConsoleText errors, long now) {
        double seconds = Math.max(1e-9, (now - startNanos) / 1e9);
        double rate = done / seconds;
        return String.format(
                        Locale.ROOT,
                        "%s：已处理 %,d 条，用时 %.1f 秒（每秒 %,.0f 条），%s",
                        what.zh(),
                        done,
                        seconds,
                        rate,
                        errors.zh())
                + " / "
                + String.format(
                        Locale.ROOT,
                        "%s: %,d done in %.1f s (%,.0f/s), %s",
                        what.en(),
                        done,
                        seconds,
                        rate,
                        errors.en());
    }

    public double elapsedSeconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
