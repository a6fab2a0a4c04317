package city.ordos.plan.alerts.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Which days people work, in China's way: Monday to Friday, except the official holidays, plus the
 * weekend days the State Council moves into working days (调休). Read from data files, one per
 * year ({@code calendars/cn-2025.yaml} is built in); a day in no file is a working day if it is a
 * weekday.
 */
public final class WorkingCalendar {

    public static final String BUILT_IN = "calendars/cn-2025.yaml";

    private final Map<LocalDate, String> holidays;
    private final Map<LocalDate, String> workdays;

    private WorkingCalendar(Map<LocalDate, String> holidays, Map<LocalDate, String> workdays) {
        this.holidays = Map.copyOf(holidays);
        this.workdays = Map.copyOf(workdays);
    }

    /** Plain weeks: Monday to Friday, no holidays. */
    public static WorkingCalendar weekdaysOnly() {
        return new WorkingCalendar(Map.of(), Map.of());
    }

    public static WorkingCalendar builtIn() {
        try (InputStream in = WorkingCalendar.class.getClassLoader().getResourceAsStream(BUILT_IN)) {
            if (in == null) {
                throw new IllegalStateException("built-in calendar " + BUILT_IN + " is missing from the classpath");
            }
            return of(Set.of(yaml().readTree(in)), BUILT_IN);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + BUILT_IN, e);
        }
    }

    public static WorkingCalendar load(Collection<Path> files) {
        Set<JsonNode> docs = new HashSet<>();
        for (Path file : files) {
            try {
                docs.add(yaml().readTree(Files.readString(file)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read holiday calendar " + file, e);
            }
        }
        return of(docs, files.toString());
    }

    public static WorkingCalendar parse(String yaml) {
        try {
            return of(Set.of(yaml().readTree(yaml)), "calendar");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse holiday calendar", e);
        }
    }

    private static WorkingCalendar of(Set<JsonNode> docs, String source) {
        Map<LocalDate, String> holidays = new HashMap<>();
        Map<LocalDate, String> workdays = new HashMap<>();
        for (JsonNode doc : docs) {
            for (JsonNode h : doc.path("holidays")) {
                LocalDate from = date(h, "from", source);
                LocalDate to = h.has("to") ? date(h, "to", source) : from;
                if (to.isBefore(from)) {
                    throw new IllegalArgumentException(source + ": holiday " + h + " ends before it starts");
                }
                for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
                    holidays.put(d, h.path("name").asText(""));
                }
            }
            for (JsonNode w : doc.path("workdays")) {
                workdays.put(date(w, "date", source), w.path("for").asText(""));
            }
        }
        Set<LocalDate> both = new HashSet<>(holidays.keySet());
        both.retainAll(workdays.keySet());
        if (!both.isEmpty()) {
            throw new IllegalArgumentException(source + ": days both holiday and working day: " + both);
        }
        return new WorkingCalendar(holidays, workdays);
    }

    /** A working day: an adjusted working day (调休), or a weekday that is no holiday. */
    public boolean isWorkday(LocalDate day) {
        if (workdays.containsKey(day)) {
            return true;
        }
        if (holidays.containsKey(day)) {
            return false;
        }
        return day.getDayOfWeek() != DayOfWeek.SATURDAY && day.getDayOfWeek() != DayOfWeek.SUNDAY;
    }

    /** An official holiday (not merely a weekend). */
    public boolean isHoliday(LocalDate day) {
        return holidays.containsKey(day);
    }

    private static LocalDate date(JsonNode node, String field, String source) {
        try {
            return LocalDate.parse(node.path(field).asText());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                    source + ": '" + field + "' must be a date like 2025-10-01 in " + node, e);
        }
    }

    private static ObjectMapper yaml() {
        return new ObjectMapper(new YAMLFactory());
    }
}
