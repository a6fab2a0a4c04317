package city.ordos.plan.reports;

import city.ordos.plan.settings.SettingValues;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * Settings of the monthly dispatch report ({@code ordos.reports.*}, docs/reports.md).
 *
 * @param auto          generate every month-end report by itself
 * @param graceDays     a month's report is generated once the plan clock is this many days past the
 *                      month's end (its late reports and corrections are in); December on December 31
 * @param checkInterval how often the plan clock is looked at for a month that is due
 * @param directory     where the workbook and PDF of every report are written (created if missing)
 * @param font          the CJK font embedded in the PDF (a .ttc collection takes {@code ,index})
 */
public record ReportSettings(boolean auto, int graceDays, Duration checkInterval, Path directory, String font) {

    public static final String AUTO = "ordos.reports.auto";
    public static final String GRACE_DAYS = "ordos.reports.grace.days";
    public static final String CHECK_INTERVAL_MS = "ordos.reports.check.interval.ms";
    public static final String DIRECTORY = "ordos.reports.dir";
    public static final String FONT = "ordos.reports.font";
    public static final Set<String> KEYS = Set.of(AUTO, GRACE_DAYS, CHECK_INTERVAL_MS, DIRECTORY, FONT);

    /** Debian's fonts-noto-cjk: Noto Sans CJK, the Simplified Chinese face of the collection. */
    public static final String DEBIAN_NOTO_CJK = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc,2";

    public static final ReportSettings DEFAULTS =
            new ReportSettings(true, 10, Duration.ofSeconds(5), Path.of("reports"), DEBIAN_NOTO_CJK);

    public ReportSettings {
        if (graceDays < 0 || graceDays > 366) {
            throw new IllegalArgumentException(GRACE_DAYS + " must be between 0 and 366, was " + graceDays);
        }
        if (checkInterval.isNegative() || checkInterval.isZero()) {
            throw new IllegalArgumentException(CHECK_INTERVAL_MS + " must be positive, was " + checkInterval);
        }
    }

    public ReportSettings withDirectory(Path dir) {
        return new ReportSettings(auto, graceDays, checkInterval, dir, font);
    }

    public static ReportSettings fromProperties(Map<String, String> values) {
        return new ReportSettings(
                SettingValues.bool(values, AUTO, DEFAULTS.auto()),
                number(values, GRACE_DAYS, DEFAULTS.graceDays()),
                Duration.ofMillis(number(values, CHECK_INTERVAL_MS, (int)
                        DEFAULTS.checkInterval().toMillis())),
                Path.of(values.getOrDefault(DIRECTORY, DEFAULTS.directory().toString())),
                values.getOrDefault(FONT, DEFAULTS.font()));
    }

    private static int number(Map<String, String> values, String key, int fallback) {
        String v = values.get(key);
        if (v == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a whole number, was '" + v + "'", e);
        }
    }
}
