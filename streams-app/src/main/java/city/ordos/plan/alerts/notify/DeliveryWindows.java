package city.ordos.plan.alerts.notify;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;

/**
 * When a receiver may be notified: inside one of its active intervals (if it names any) and
 * outside all its mute intervals. Outside that, its messages wait (they are not dropped) until the
 * window opens; CRITICAL alerts go at once if {@code criticalPasses}.
 */
public record DeliveryWindows(
        List<TimeInterval> active,
        List<TimeInterval> mute,
        boolean criticalPasses,
        WorkingCalendar calendar,
        ZoneId zone) {

    public static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    public static DeliveryWindows always() {
        return new DeliveryWindows(List.of(), List.of(), true, WorkingCalendar.weekdaysOnly(), SHANGHAI);
    }

    public DeliveryWindows {
        active = List.copyOf(active);
        mute = List.copyOf(mute);
    }

    /** Whether messages may go now. */
    public boolean open(Instant now) {
        ZonedDateTime local = now.atZone(zone);
        boolean inActive = active.isEmpty() || active.stream().anyMatch(i -> i.matches(local, calendar));
        return inActive && mute.stream().noneMatch(i -> i.matches(local, calendar));
    }

    /** Whether an alert of this severity may go now. */
    public boolean allows(Instant now, boolean critical) {
        return open(now) || (critical && criticalPasses);
    }
}
