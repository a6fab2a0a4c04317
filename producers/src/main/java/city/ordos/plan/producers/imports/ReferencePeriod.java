package city.ordos.plan.producers.imports;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The reference period of an official release as statistics tables write it: a month or the year
 * to its end (2025-09, 2025年9月, 2025年1-9月), a quarter (2025-Q3, 2025年三季度, 2025年前三季度), a
 * half (2025年上半年, 2025-H1), the whole year (2025年), or a day for point-in-time levels
 * (2025-06-30, 2025年6月30日). Year-to-date figures always run from January, so a range has to.
 *
 * @param label the release's period as the StatisticsRelease carries it: 2025-09, 2025-Q3, 2025-H1,
 *              2025, or an ISO date
 * @param end   the last day the figure covers (its "as of" day)
 */
public record ReferencePeriod(String label, LocalDate end) {

    private static final Map<String, Integer> CHINESE_DIGITS = Map.of("一", 1, "二", 2, "三", 3, "四", 4);
    private static final Pattern DAY =
            Pattern.compile("(\\d{4})(?:[-/.](\\d{1,2})[-/.](\\d{1,2})|年(\\d{1,2})月(\\d{1,2})日)");
    private static final Pattern MONTH =
            Pattern.compile("(\\d{4})(?:[-/.](\\d{1,2})|年(?:(\\d{1,2})\\s*[-－—–~～至]\\s*)?(\\d{1,2})月(?:份)?)");
    private static final Pattern QUARTER = Pattern.compile("(\\d{4})(?:\\s*-?\\s*[Qq]([1-4])|年(前|第)?([一二三四1-4])季度)");
    // Only the first half: a release runs from January, so "下半年" cannot be one.
    private static final Pattern HALF = Pattern.compile("(\\d{4})(?:\\s*-?\\s*[Hh](1)|年(上)半年)");
    private static final Pattern YEAR = Pattern.compile("(\\d{4})(?:年(?:全年|度)?)?");

    /** @throws IllegalArgumentException saying which forms are accepted, or that the date does not exist */
    public static ReferencePeriod parse(String text) {
        String t = text == null ? "" : text.strip();
        try {
            return parseForm(t);
        } catch (DateTimeException e) {
            // java.time's own words ("Invalid value for MonthOfYear (valid values 1 - 12): 13") are
            // not the department's: say what is wrong with what they wrote.
            throw new IllegalArgumentException("'" + t + "' names a month or day that does not exist", e);
        }
    }

    private static ReferencePeriod parseForm(String t) {
        Matcher m = DAY.matcher(t);
        if (m.matches()) {
            int year = Integer.parseInt(m.group(1));
            int month = Integer.parseInt(m.group(2) != null ? m.group(2) : m.group(4));
            int day = Integer.parseInt(m.group(3) != null ? m.group(3) : m.group(5));
            LocalDate date = LocalDate.of(year, month, day);
            return new ReferencePeriod(date.toString(), date);
        }
        m = MONTH.matcher(t);
        if (m.matches()) {
            if (m.group(3) != null && Integer.parseInt(m.group(3)) != 1) {
                throw new IllegalArgumentException(
                        "'" + t + "' starts after January; releases run from the start of " + "the year (1-9月)");
            }
            YearMonth month = YearMonth.of(
                    Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2) != null ? m.group(2) : m.group(4)));
            return new ReferencePeriod(month.toString(), month.atEndOfMonth());
        }
        m = QUARTER.matcher(t);
        if (m.matches()) {
            String q = m.group(2) != null ? m.group(2) : m.group(4);
            int quarter = CHINESE_DIGITS.containsKey(q) ? CHINESE_DIGITS.get(q) : Integer.parseInt(q);
            YearMonth last = YearMonth.of(Integer.parseInt(m.group(1)), quarter * 3);
            return new ReferencePeriod(last.getYear() + "-Q" + quarter, last.atEndOfMonth());
        }
        m = HALF.matcher(t);
        if (m.matches()) {
            YearMonth last = YearMonth.of(Integer.parseInt(m.group(1)), 6);
            return new ReferencePeriod(last.getYear() + "-H1", last.atEndOfMonth());
        }
        m = YEAR.matcher(t);
        if (m.matches()) {
            int year = Integer.parseInt(m.group(1));
            return new ReferencePeriod(Integer.toString(year), LocalDate.of(year, 12, 31));
        }
        throw new IllegalArgumentException("'" + t + "' is not a reference period (2025-09, 2025年1-9月, 2025-Q3, "
                + "2025年三季度, 2025年上半年, 2025年, or a day such as 2025-06-30)");
    }
}
