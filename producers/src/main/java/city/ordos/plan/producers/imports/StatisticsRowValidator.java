package city.ordos.plan.producers.imports;

import city.ordos.plan.avro.Quantity;
import city.ordos.plan.avro.StatementHeader;
import city.ordos.plan.avro.StatementType;
import city.ordos.plan.avro.StatisticsRelease;
import city.ordos.plan.producers.EventIds;
import city.ordos.plan.producers.StatisticsSeries;
import city.ordos.plan.units.AmountLimits;
import city.ordos.plan.units.UnitTable;
import city.ordos.plan.vocabulary.Counties;
import city.ordos.plan.vocabulary.PlanCalendar;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Checks one row of an official statistics release table and turns it into a
 * {@link StatisticsRelease}: "metric M stood at V (unit U) for the period through P, released on
 * R". Only metrics some goal of the catalog reads are accepted, with the statement shape that goal
 * expects. Pure: no I/O, no clock; the event id is derived from the row's content.
 */
public final class StatisticsRowValidator implements RowValidator {

    private static final UnitTable UNITS = UnitTable.standard();
    private static final Set<String> CITY_WIDE = Set.of("全市", "鄂尔多斯市", "鄂尔多斯", "市本级", "CITY");

    private final TableColumn.Resolved<StatisticsColumn> columns;
    private final CatalogFeeds metrics;
    private final int planYear;
    /** Null: a row without a date of its own dates from its period's end (TableLayout.Options). */
    private final LocalDate reportDay;

    /** @throws ImportException naming every required column that is missing */
    public StatisticsRowValidator(List<String> header, CatalogFeeds metrics, int planYear, LocalDate reportDay)
            throws ImportException {
        this.columns =
                TableColumn.resolve(StatisticsColumn.class, header, StatisticsColumn.UNIT, StatisticsColumn.VALUE);
        this.metrics = metrics;
        this.planYear = planYear;
        this.reportDay = reportDay;
    }

    @Override
    public RowOutcome validate(RawRow row) {
        String metric = cell(row, StatisticsColumn.METRIC);
        String periodText = cell(row, StatisticsColumn.PERIOD);
        String valueText = cell(row, StatisticsColumn.VALUE);
        String unit = cell(row, StatisticsColumn.UNIT);
        if (unit.isEmpty() && columns.unitFromHeader() != null) {
            unit = columns.unitFromHeader();
        }
        for (StatisticsColumn c : List.of(StatisticsColumn.METRIC, StatisticsColumn.PERIOD, StatisticsColumn.VALUE)) {
            if (cell(row, c).isEmpty()) {
                return new RowOutcome.Rejected(RejectReason.MISSING_FIELD, "column " + c.chineseHeader() + " is empty");
            }
        }
        if (unit.isEmpty()) {
            return new RowOutcome.Rejected(
                    RejectReason.MISSING_FIELD, "column " + StatisticsColumn.UNIT.chineseHeader() + " is empty");
        }
        Optional<CatalogFeeds.Expected> expected = metrics.lookup(metric);
        if (expected.isEmpty()) {
            return new RowOutcome.Rejected(
                    RejectReason.NO_MATCHING_GOAL,
                    "指标代码 '" + metric + "' is read by no goal of the " + "catalog (known: " + metrics.examples() + ")");
        }
        String countyText = cell(row, StatisticsColumn.COUNTY);
        if (!countyText.isEmpty() && !CITY_WIDE.contains(countyText.toUpperCase(Locale.ROOT))) {
            if (Counties.parse(countyText).isPresent()) {
                // The goals read city-wide series and sum their sources: a county's figure next to
                // the city's would be counted twice.
                return new RowOutcome.Rejected(
                        RejectReason.BAD_ROW,
                        "旗区 '" + countyText + "': statistics releases are imported "
                                + "city-wide (全市) only; the goals sum their series, so a county figure would be counted "
                                + "on top of the city's");
            }
            return new RowOutcome.Rejected(
                    RejectReason.UNKNOWN_COUNTY,
                    "旗区 '" + countyText + "' is neither 全市 nor one " + "of the nine county-level units of Ordos");
        }
        ReferencePeriod period;
        try {
            period = ReferencePeriod.parse(periodText);
        } catch (IllegalArgumentException | DateTimeException e) {
            return new RowOutcome.Rejected(RejectReason.INVALID_PERIOD, "统计期 " + e.getMessage());
        }
        if (period.end().getYear() != planYear) {
            return new RowOutcome.Rejected(
                    RejectReason.OUTSIDE_PLAN_YEAR, "统计期 " + periodText + " is outside the plan year " + planYear);
        }
        BigDecimal value;
        try {
            value = Cells.number(valueText);
        } catch (NumberFormatException e) {
            return new RowOutcome.Rejected(RejectReason.INVALID_DECIMAL, "数值 '" + valueText + "' is not a number");
        }
        String measure = StatisticsSeries.measure(metric);
        // Growth can fall below last year's; counts, amounts, shares and rates cannot be negative.
        if (value.signum() < 0 && !"GROWTH_YOY".equals(measure)) {
            return new RowOutcome.Rejected(
                    RejectReason.NEGATIVE_AMOUNT,
                    "数值 " + valueText + " is negative, and " + metric + " is not a growth rate");
        }
        if (value.stripTrailingZeros().scale() > 6) {
            return new RowOutcome.Rejected(
                    RejectReason.INVALID_DECIMAL, "数值 " + valueText + " has more than 6 decimal places");
        }
        if (!AmountLimits.withinStatementLimit(value)) {
            return new RowOutcome.Rejected(
                    RejectReason.AMOUNT_TOO_LARGE,
                    "数值 " + valueText + " is beyond the limit of " + AmountLimits.MAX_STATEMENT.toBigInteger()
                            + " for one statement");
        }
        if (!UNITS.isKnown(unit)) {
            return new RowOutcome.Rejected(RejectReason.UNKNOWN_UNIT, "单位 '" + unit + "' is not a known unit");
        }
        String goalUnit = expected.get().unit();
        if (goalUnit != null && !UNITS.convertible(unit, goalUnit)) {
            return new RowOutcome.Rejected(
                    RejectReason.UNIT_MISMATCH,
                    "单位 '" + unit + "' measures " + UNITS.dimensionOf(unit).description() + "; the goals reading "
                            + metric + " keep it in " + goalUnit);
        }
        unit = UNITS.canonical(unit);
        Instant eventTime = PlanCalendar.lastSecondOf(period.end());
        Instant releasedAt = TableLayout.reportedAt(eventTime, reportDay);
        String releasedText = cell(row, StatisticsColumn.RELEASED_AT);
        if (!releasedText.isEmpty()) {
            try {
                releasedAt = PlanCalendar.lastSecondOf(Cells.date(releasedText));
            } catch (IllegalArgumentException | DateTimeException e) {
                return new RowOutcome.Rejected(RejectReason.BAD_ROW, "发布日期 '" + releasedText + "' is not a date");
            }
            if (releasedAt.isBefore(eventTime)) {
                return new RowOutcome.Rejected(
                        RejectReason.BAD_ROW, "发布日期 " + releasedText + " is before the end of 统计期 " + periodText);
            }
        }
        StatementType statement = StatementType.valueOf(expected.get().statement());
        String sourceId = StatisticsSeries.sourceId(metric);
        BigDecimal normalised = value.stripTrailingZeros();
        String identity = String.join(
                "|", "statistics", sourceId, period.label(), normalised.toPlainString(), unit, releasedAt.toString());
        StatementHeader header = StatementHeader.newBuilder()
                .setEventId(EventIds.uuidV5(EventIds.IMPORTER, identity))
                .setSourceId(sourceId)
                .setEventTime(eventTime)
                .setReportedAt(releasedAt)
                .setCounty(null)
                .build();
        return new RowOutcome.Accepted(
                sourceId,
                StatisticsRelease.newBuilder()
                        .setHeader(header)
                        .setIndicator(StatisticsSeries.indicator(metric))
                        .setMeasure(measure)
                        .setMetric(metric)
                        .setStatement(statement)
                        .setPeriod(period.label())
                        .setQuantity(Quantity.newBuilder()
                                .setValue(normalised.scale() < 0 ? normalised.setScale(0) : normalised)
                                .setUnit(unit)
                                .build())
                        .build(),
                "指标代码 " + metric + ", 统计期 " + period.label() + ", 发布日期 " + PlanCalendar.dateOf(releasedAt));
    }

    /** The series the row would have fed, for its dead letter; empty without a metric. */
    @Override
    public String keyOf(RawRow row) {
        String metric = cell(row, StatisticsColumn.METRIC);
        return metric.isEmpty() ? "" : StatisticsSeries.sourceId(metric);
    }

    private String cell(RawRow row, StatisticsColumn c) {
        return columns.cell(row, c);
    }
}
