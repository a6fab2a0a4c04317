package city.ordos.plan.producers.imports;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Numbers and dates as report tables write them. */
final class Cells {

    private static final Pattern CHINESE_DATE = Pattern.compile("(\\d{4})年(\\d{1,2})月(?:(\\d{1,2})日)?");
    private static final Pattern NUMERIC_DATE = Pattern.compile("(\\d{4})[-/.](\\d{1,2})(?:[-/.](\\d{1,2}))?");

    private Cells() {}

    /**
     * A decimal with thousands separators allowed ("8,420.50", full-width comma too).
     *
     * @throws NumberFormatException if it is not one
     */
    static BigDecimal number(String text) {
        return new BigDecimal(text.replace(",", "").replace("，", "").replace(" ", ""));
    }

    /** A date as report tables write it; a month alone means its last day. */
    static LocalDate date(String text) {
        String t = text.strip();
        Matcher m = CHINESE_DATE.matcher(t);
        if (!m.matches()) {
            m = NUMERIC_DATE.matcher(t);
            if (!m.matches()) {
                if (t.length() > 10 && t.charAt(10) == 'T') {
                    return LocalDate.parse(t.substring(0, 10));
                }
                throw new IllegalArgumentException("not a date: " + t);
            }
        }
        int year = Integer.parseInt(m.group(1));
        int month = Integer.parseInt(m.group(2));
        if (m.group(3) == null) {
            return YearMonth.of(year, month).atEndOfMonth();
        }
        return LocalDate.of(year, month, Integer.parseInt(m.group(3)));
    }
}
