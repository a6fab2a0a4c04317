package city.ordos.plan.api;

import city.ordos.plan.vocabulary.PlanCalendar;
import io.javalin.http.BadRequestResponse;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * Which moment a request asks about: live (neither parameter), a plan day as known today
 * ({@code asOf=2025-06-30}: event time, restatements included) or what the screen showed at a moment
 * ({@code knownAt=2025-07-05} for the end of that day, or an ISO instant / local time in
 * Asia/Shanghai). Both at once, unparseable text, a moment outside the plan year or after the plan
 * clock's now are client errors.
 */
public sealed interface Moment {

    String AS_OF = "asOf";
    String KNOWN_AT = "knownAt";

    /** The instant the moment ends (the end of the day for {@code asOf}). */
    Instant instant();

    /** How the moment is shown in answers. */
    TimeViews.MomentView view();

    record Live(Instant now) implements Moment {
        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public TimeViews.MomentView view() {
            return new TimeViews.MomentView("LIVE", PlanCalendar.dateOf(now).toString(), now.toString());
        }
    }

    record AsOf(LocalDate date) implements Moment {
        @Override
        public Instant instant() {
            return PlanCalendar.endOfDay(date);
        }

        @Override
        public TimeViews.MomentView view() {
            return new TimeViews.MomentView("AS_OF", date.toString(), instant().toString());
        }
    }

    record KnownAt(Instant at) implements Moment {
        @Override
        public Instant instant() {
            return at;
        }

        @Override
        public TimeViews.MomentView view() {
            return new TimeViews.MomentView("KNOWN_AT", PlanCalendar.dateOf(at).toString(), at.toString());
        }
    }

    /** True when the request names a past moment. */
    static boolean asked(String asOf, String knownAt) {
        return (asOf != null && !asOf.isBlank()) || (knownAt != null && !knownAt.isBlank());
    }

    /**
     * Parses and checks the two parameters.
     *
     * @param now the plan clock's now: the latest moment there is anything to say about
     */
    static Moment parse(String asOf, String knownAt, PlanCalendar calendar, Instant now) {
        boolean hasAsOf = asOf != null && !asOf.isBlank();
        boolean hasKnownAt = knownAt != null && !knownAt.isBlank();
        if (hasAsOf && hasKnownAt) {
            throw new BadRequestResponse(
                    "asOf (a plan day as known today) and knownAt (what was shown at a moment) are two clocks: give one");
        }
        if (hasAsOf) {
            LocalDate date;
            try {
                date = LocalDate.parse(asOf.trim());
            } catch (DateTimeParseException e) {
                throw new BadRequestResponse("asOf must be a plan day such as 2025-06-30, was '" + clip(asOf) + "'");
            }
            if (date.getYear() != calendar.year()) {
                throw new BadRequestResponse("asOf " + date + " is outside plan year " + calendar.year());
            }
            if (date.isAfter(PlanCalendar.dateOf(now))) {
                throw new BadRequestResponse("asOf " + date + " is after today's plan day " + PlanCalendar.dateOf(now)
                        + ": nothing is known yet");
            }
            return new AsOf(date);
        }
        if (hasKnownAt) {
            String text = knownAt.trim();
            Instant at = instant(text);
            if (text.length() == 10
                    && at.isAfter(now)
                    && PlanCalendar.dateOf(now).equals(PlanCalendar.dateOf(at))) {
                // today's plan day, not over yet: what the screen shows now (the date picker offers it)
                at = now;
            }
            if (!calendar.contains(at)) {
                throw new BadRequestResponse(
                        "knownAt " + at + " is outside plan year " + calendar.year() + " (Asia/Shanghai)");
            }
            if (at.isAfter(now)) {
                throw new BadRequestResponse("knownAt " + at + " is after the plan clock's now " + now);
            }
            return new KnownAt(at);
        }
        return new Live(now);
    }

    private static Instant instant(String text) {
        try {
            if (text.length() == 10) {
                return PlanCalendar.endOfDay(LocalDate.parse(text));
            }
            if (text.endsWith("Z")) {
                return Instant.parse(text);
            }
            if (text.matches(".*[+-]\\d\\d:\\d\\d$")) {
                return OffsetDateTime.parse(text).toInstant();
            }
            return LocalDateTime.parse(text).atZone(PlanCalendar.ZONE).toInstant();
        } catch (DateTimeParseException e) {
            throw new BadRequestResponse("knownAt must be a plan day (2025-07-05, its end) or a moment"
                    + " (2025-07-05T10:00:00+08:00, 2025-07-05T02:00:00Z), was '" + clip(text) + "'");
        }
    }

    private static String clip(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
