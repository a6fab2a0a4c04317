package city.ordos.plan.producers.imports;

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
     * @param statistics  the metrics the catalog's goals read (statistics tables)
     */
    public record Options(TableLayout layout, String defaultTier, int planYear, StatisticsMetrics statistics) {

        /** @throws ImportException if the header lacks a required column of its layout */
        public RowValidator validatorFor(List<String> header) throws ImportException {
            return switch (layout.resolve(header)) {
                case STATISTICS -> new StatisticsRowValidator(header, statistics, planYear);
                default -> new InvestmentRowValidator(header, defaultTier, planYear);
            };
        }
    }
}
