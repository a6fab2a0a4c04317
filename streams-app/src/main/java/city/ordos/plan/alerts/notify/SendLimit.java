package city.ordos.plan.alerts.notify;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;

/**
 * A robot's documented send limits ("20 a minute"; "5 a second and 100 a minute") kept exactly:
 * no window of that length ever holds more sends than allowed. A sliding log rather than a token
 * bucket, because a bucket of burst B refilling at r lets B + r·W requests into one window W, and a
 * robot counting its own window refuses the excess (DingTalk then blocks for ten minutes). The
 * first {@code max} messages of a burst go at once, the rest as the oldest leave the window.
 *
 * <p>Each window is padded by a margin: the robot counts arrivals, which can bunch up after our
 * sends by the network's jitter. Not thread-safe: one receiver's dispatcher owns it.
 */
public final class SendLimit {

    /** At most {@code max} sends in any {@code length}. */
    public record Window(int max, Duration length) {
        public Window {
            if (max < 1) {
                throw new IllegalArgumentException("a send limit allows at least 1 message, was " + max);
            }
            Objects.requireNonNull(length, "length");
            if (length.isNegative() || length.isZero()) {
                throw new IllegalArgumentException("a send limit's window must be positive, was " + length);
            }
        }

        /** 1/20 of the window: 3 s for a minute, 50 ms for a second. */
        Duration margin() {
            return length.dividedBy(20);
        }
    }

    public static final SendLimit NONE = new SendLimit(List.of());

    private static final String LOG_PREFIX = "sent:";

    private final List<Window> windows;
    private final Deque<Instant> sent = new ArrayDeque<>();
    private final int keep;

    public SendLimit(List<Window> windows) {
        this.windows = List.copyOf(windows);
        this.keep = this.windows.stream().mapToInt(Window::max).max().orElse(0);
    }

    public List<Window> windows() {
        return windows;
    }

    /** The earliest instant at or after {@code now} when one more send keeps every window. */
    public Instant nextSlot(Instant now) {
        Instant slot = now;
        for (Window w : windows) {
            if (sent.size() >= w.max()) {
                // The send that must leave the window before one more fits: the max-th most recent.
                Instant leaving = nthMostRecent(w.max());
                Instant free = leaving.plus(w.length()).plus(w.margin());
                if (free.isAfter(slot)) {
                    slot = free;
                }
            }
        }
        return slot;
    }

    /** A request was sent at {@code at} (whatever the robot answered: it counts arrivals). */
    public void record(Instant at) {
        if (keep == 0) {
            return;
        }
        sent.addLast(at);
        while (sent.size() > keep) {
            sent.removeFirst();
        }
    }

    /**
     * The recent sends as text ("sent:" then epoch millis, comma-separated), kept with the queue's
     * committed offset so that a restarted dispatcher still knows what went out in the last window.
     */
    public String log() {
        StringBuilder out = new StringBuilder(LOG_PREFIX);
        for (Instant at : sent) {
            if (out.length() > LOG_PREFIX.length()) {
                out.append(',');
            }
            out.append(at.toEpochMilli());
        }
        return out.toString();
    }

    /**
     * Adds the sends of a {@link #log()} (written by an earlier run); text that is no such log (an
     * offset committed by a version without it) adds nothing.
     */
    public void restore(String log) {
        if (keep == 0 || log == null || !log.startsWith(LOG_PREFIX) || log.length() == LOG_PREFIX.length()) {
            return;
        }
        List<Instant> all = new ArrayList<>(sent);
        for (String millis : log.substring(LOG_PREFIX.length()).split(",")) {
            try {
                all.add(Instant.ofEpochMilli(Long.parseLong(millis.strip())));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("unreadable send log in the committed offset: " + log, e);
            }
        }
        all.sort(null);
        sent.clear();
        all.subList(Math.max(0, all.size() - keep), all.size()).forEach(sent::addLast);
    }

    private Instant nthMostRecent(int n) {
        var it = sent.descendingIterator();
        Instant value = null;
        for (int i = 0; i < n; i++) {
            value = it.next();
        }
        return value;
    }
}
