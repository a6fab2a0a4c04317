package city.ordos.plan.timetravel;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A scripted year of year-to-date investment reports from three projects, with a restatement of
 * June arriving in July and a late report about May arriving in August, and the figures it must
 * give, computed here by hand from the rules (not by the code under test):
 *
 * <ul>
 *   <li>as of D as known today: per project the greatest (as-of, reported) statement with as-of
 *       on or before D, of every statement ever sent; summed;</li>
 *   <li>as shown at K: per project the greatest (as-of, reported) statement among those known by K
 *       (sent at a step on or before K), whatever its as-of; summed (the live rule at that moment).</li>
 * </ul>
 */
public final class ScriptedYear {

    public static final String WUSHEN = "WUSHEN";
    public static final String DONGSHENG = "DONGSHENG";

    /** "Project P: investment completed in 2025 as of {@code asOf} = value 亿元", issued on {@code reportedOn}. */
    public record Report(String project, String county, LocalDate asOf, LocalDate reportedOn, String value) {
        BigDecimal amount() {
            return new BigDecimal(value);
        }
    }

    /** What arrives while the plan clock stands at {@code knownOn} (end of that day). */
    public record Step(LocalDate knownOn, List<Report> reports) {}

    public static final List<Step> STEPS = List.of(
            step(
                    "2025-04-05",
                    r("P1", DONGSHENG, "2025-03-31", "2025-04-03", "100"),
                    r("P2", WUSHEN, "2025-03-31", "2025-04-03", "50")),
            step(
                    "2025-05-05",
                    r("P1", DONGSHENG, "2025-04-30", "2025-05-03", "180"),
                    r("P2", WUSHEN, "2025-04-30", "2025-05-03", "90"),
                    r("P3", WUSHEN, "2025-04-30", "2025-05-03", "20")),
            // P3's May report is missing here: it arrives late, in August.
            step(
                    "2025-06-05",
                    r("P1", DONGSHENG, "2025-05-31", "2025-06-03", "240"),
                    r("P2", WUSHEN, "2025-05-31", "2025-06-03", "120")),
            step(
                    "2025-07-03",
                    r("P1", DONGSHENG, "2025-06-30", "2025-07-03", "300"),
                    r("P2", WUSHEN, "2025-06-30", "2025-07-03", "150"),
                    r("P3", WUSHEN, "2025-06-30", "2025-07-03", "40")),
            step("2025-07-05"),
            // P1 restates June downwards.
            step("2025-07-20", r("P1", DONGSHENG, "2025-06-30", "2025-07-20", "240")),
            step(
                    "2025-08-05",
                    r("P1", DONGSHENG, "2025-07-31", "2025-08-03", "350"),
                    r("P2", WUSHEN, "2025-07-31", "2025-08-03", "200"),
                    r("P3", WUSHEN, "2025-07-31", "2025-08-03", "60")),
            step("2025-08-20", r("P3", WUSHEN, "2025-05-31", "2025-08-20", "30")));

    /** The plan day of the last step: "today" at the end of the script. */
    public static final LocalDate TODAY = LocalDate.parse("2025-08-20");

    private ScriptedYear() {}

    public static List<Report> all() {
        return STEPS.stream().flatMap(s -> s.reports().stream()).toList();
    }

    /** Actual as of the end of {@code date}, as known after the whole script. */
    public static BigDecimal actualAsOf(LocalDate date) {
        return sum(standingAsOf(date).values());
    }

    /** County breakdown as of the end of {@code date}, as known after the whole script. */
    public static Map<String, BigDecimal> byCountyAsOf(LocalDate date) {
        Map<String, BigDecimal> out = new HashMap<>();
        standingAsOf(date).values().forEach(r -> out.merge(r.county(), r.amount(), BigDecimal::add));
        return out;
    }

    /** Actual shown while the plan clock stood at {@code knownOn}: the live rule over what had arrived. */
    public static BigDecimal actualShownOn(LocalDate knownOn) {
        Map<String, Report> standing = new LinkedHashMap<>();
        STEPS.stream()
                .filter(s -> !s.knownOn().isAfter(knownOn))
                .flatMap(s -> s.reports().stream())
                .forEach(r -> standing.merge(r.project(), r, ScriptedYear::greater));
        return sum(standing.values());
    }

    /** The latest as-of among the statements standing as of {@code date} (for the projection). */
    public static LocalDate dataAsOf(LocalDate date) {
        return standingAsOf(date).values().stream()
                .map(Report::asOf)
                .max(Comparator.naturalOrder())
                .orElseThrow();
    }

    /** The latest as-of among statements known on {@code knownOn}. */
    public static LocalDate dataShownOn(LocalDate knownOn) {
        return STEPS.stream()
                .filter(s -> !s.knownOn().isAfter(knownOn))
                .flatMap(s -> s.reports().stream())
                .map(Report::asOf)
                .max(Comparator.naturalOrder())
                .orElseThrow();
    }

    /** Projects with a statement as of {@code date}. */
    public static int sourcesAsOf(LocalDate date) {
        return standingAsOf(date).size();
    }

    private static Map<String, Report> standingAsOf(LocalDate date) {
        Map<String, Report> standing = new LinkedHashMap<>();
        all().stream()
                .filter(r -> !r.asOf().isAfter(date))
                .forEach(r -> standing.merge(r.project(), r, ScriptedYear::greater));
        return standing;
    }

    private static Report greater(Report a, Report b) {
        int c = a.asOf().compareTo(b.asOf());
        if (c == 0) {
            c = a.reportedOn().compareTo(b.reportedOn());
        }
        return c > 0 ? a : b;
    }

    private static BigDecimal sum(Collection<Report> reports) {
        return reports.stream().map(Report::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    /**
     * The status of a cumulative "at least" goal with linear pace, by the documented rule: expected =
     * target x days elapsed / 365; projected = actual / (days of the data's as-of / 365); ratio = the
     * smaller of actual/expected and projected/target; BEHIND below 0.85, AT_RISK below 0.95.
     */
    public record Judgement(BigDecimal expected, BigDecimal projected, String status) {
        public static Judgement of(BigDecimal target, BigDecimal actual, LocalDate asOf, LocalDate dataAsOf) {
            MathContext mc = MathContext.DECIMAL128;
            BigDecimal days = BigDecimal.valueOf(asOf.getDayOfYear());
            BigDecimal expected = target.multiply(days, mc).divide(BigDecimal.valueOf(365), mc);
            BigDecimal projected = actual.multiply(BigDecimal.valueOf(365), mc)
                    .divide(BigDecimal.valueOf(dataAsOf.getDayOfYear()), mc);
            double r = Math.min(
                    actual.divide(expected, mc).doubleValue(),
                    projected.divide(target, mc).doubleValue());
            String status = actual.compareTo(target) >= 0
                    ? "ACHIEVED"
                    : r < 0.85 ? "BEHIND" : r < 0.95 ? "AT_RISK" : "ON_TRACK";
            return new Judgement(expected, projected, status);
        }
    }

    private static Step step(String knownOn, Report... reports) {
        return new Step(LocalDate.parse(knownOn), List.of(reports));
    }

    private static Report r(String project, String county, String asOf, String reportedOn, String value) {
        return new Report(project, county, LocalDate.parse(asOf), LocalDate.parse(reportedOn), value);
    }

    /** Every plan day on which the figure of the script can change (as-of days), for series checks. */
    public static List<LocalDate> asOfDays() {
        List<LocalDate> days = new ArrayList<>(
                all().stream().map(Report::asOf).distinct().sorted().toList());
        return days;
    }
}
