package city.ordos.plan.producers.imports;

import city.ordos.plan.vocabulary.PlanCalendar;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;

/**
 * The report table layouts the importer reads (docs/import-format.md), and how it tells them
 * apart: a table with a 指标代码 column is a statistics release, anything else an investment report.
 */
public enum TableLayout {
    AUTO,
    INVESTMENT,
    STATISTICS;

    public static TableLayout parse(String text) {
        try {
            return valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("layout must be auto, investment or statistics, was " + text, e);
        }
    }

    /** This layout, or for AUTO the one the header names. */
    public TableLayout resolve(List<String> header) {
        if (this != AUTO) {
            return this;
        }
        return header.stream().anyMatch(StatisticsColumn.METRIC::matches) ? STATISTICS : INVESTMENT;
    }

    /**
     * What the importer needs to build a table's validator.
     *
     * @param defaultTier tier of investment rows in tables without a 项目类别 column
     * @param feeds       what the catalog's goals read: statistics metrics, investment tiers
     * @param reportDay   the day a row without a release or report date (发布日期, 报送日期) was
     *                    reported: a table on the web is reported on the day it is submitted, or it
     *                    would date from its period's end and lose to any release already standing
     *                    (latest report wins). Null: the period's last day, as for the archives the
     *                    command line imports (docs/import-format.md)
     */
    public record Options(
            TableLayout layout, String defaultTier, int planYear, CatalogFeeds feeds, LocalDate reportDay) {

        public Options(TableLayout layout, String defaultTier, int planYear, CatalogFeeds feeds) {
            this(layout, defaultTier, planYear, feeds, null);
        }

        public Options reportedOn(LocalDate day) {
            return new Options(layout, defaultTier, planYear, feeds, day);
        }

        /**
         * A validator for one table (it remembers the table's rows: use a new one per table).
         *
         * @throws ImportException if the header lacks a required column of its layout
         */
        public RowValidator validatorFor(List<String> header) throws ImportException {
            return new ConflictingRows(
                    switch (layout.resolve(header)) {
                        case STATISTICS -> new StatisticsRowValidator(header, feeds, planYear, reportDay);
                        default -> new InvestmentRowValidator(header, feeds, defaultTier, planYear, reportDay);
                    });
        }
    }

    /**
     * When a row without a date of its own was reported: the report day, but never before the
     * period it is about has ended (a figure for the current month reported mid-month counts from
     * the month's end, as a dated row must).
     */
    static Instant reportedAt(Instant eventTime, LocalDate reportDay) {
        if (reportDay == null) {
            return eventTime;
        }
        Instant reported = PlanCalendar.lastSecondOf(reportDay);
        return reported.isAfter(eventTime) ? reported : eventTime;
    }
}
