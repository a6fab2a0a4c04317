package city.ordos.plan.producers.imports;

import city.ordos.plan.avro.County;
import city.ordos.plan.avro.InvestmentReport;
import city.ordos.plan.avro.Quantity;
import city.ordos.plan.avro.StatementHeader;
import city.ordos.plan.avro.StatementType;
import city.ordos.plan.producers.EventIds;
import city.ordos.plan.units.AmountLimits;
import city.ordos.plan.units.Dimension;
import city.ordos.plan.units.UnitTable;
import city.ordos.plan.vocabulary.Counties;
import city.ordos.plan.vocabulary.PlanCalendar;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks one row of an investment report table and turns it into an {@link InvestmentReport}.
 * Pure: no I/O, no clock. The event id is derived from the normalised content of the row, so the
 * same row imported again (from the same or a renamed file) is the same statement.
 */
public final class InvestmentRowValidator implements RowValidator {

    private static final UnitTable UNITS = UnitTable.standard();
    private static final Map<String, String> SECTORS = Map.ofEntries(
            Map.entry("能源", "ENERGY"),
            Map.entry("工业", "INDUSTRY"),
            Map.entry("制造业", "MANUFACTURING"),
            Map.entry("基础设施", "INFRASTRUCTURE"),
            Map.entry("社会事业", "SOCIAL"),
            Map.entry("社会民生", "SOCIAL"),
            Map.entry("生态", "ECOLOGY"),
            Map.entry("生态环保", "ECOLOGY"),
            Map.entry("房地产", "REAL_ESTATE"));
    private static final Set<String> SECTOR_SYMBOLS = Set.copyOf(SECTORS.values());
    private static final Map<String, String> TIERS = Map.of(
            "市级重大项目",
            "MUNICIPAL_MAJOR",
            "重大项目",
            "MUNICIPAL_MAJOR",
            "其他项目",
            "OTHER_FIXED_ASSET",
            "一般项目",
            "OTHER_FIXED_ASSET",
            "其他固定资产投资",
            "OTHER_FIXED_ASSET");

    private final TableColumn.Resolved<Column> columns;
    private final CatalogFeeds feeds;
    private final String defaultTier;
    private final int planYear;
    /** Null: a row without a date of its own dates from its period's end (TableLayout.Options). */
    private final LocalDate reportDay;

    /**
     * @param header      the header cells of the file
     * @param feeds       the tiers whose investment the catalog's goals count
     * @param defaultTier tier for files without a 项目类别 column
     * @throws ImportException naming every required column that is missing
     */
    public InvestmentRowValidator(
            List<String> header, CatalogFeeds feeds, String defaultTier, int planYear, LocalDate reportDay)
            throws ImportException {
        this.columns = TableColumn.resolve(Column.class, header, Column.UNIT, Column.VALUE);
        this.feeds = feeds;
        this.defaultTier = defaultTier;
        this.planYear = planYear;
        this.reportDay = reportDay;
    }

    @Override
    public RowOutcome validate(RawRow row) {
        String projectId = cell(row, Column.PROJECT_ID);
        String projectName = cell(row, Column.PROJECT_NAME);
        String countyText = cell(row, Column.COUNTY);
        String sectorText = cell(row, Column.SECTOR);
        String asOfText = cell(row, Column.AS_OF);
        String valueText = cell(row, Column.VALUE);
        String unit = cell(row, Column.UNIT);
        if (unit.isEmpty() && columns.unitFromHeader() != null) {
            unit = columns.unitFromHeader();
        }
        for (var required : List.of(
                Map.entry(Column.PROJECT_ID, projectId),
                Map.entry(Column.PROJECT_NAME, projectName),
                Map.entry(Column.COUNTY, countyText),
                Map.entry(Column.SECTOR, sectorText),
                Map.entry(Column.AS_OF, asOfText),
                Map.entry(Column.VALUE, valueText),
                Map.entry(Column.UNIT, unit))) {
            if (required.getValue().isEmpty()) {
                return new RowOutcome.Rejected(
                        RejectReason.MISSING_FIELD,
                        "column " + required.getKey().chineseHeader() + " is empty");
            }
        }
        Optional<County> county = Counties.parse(countyText);
        if (county.isEmpty()) {
            return new RowOutcome.Rejected(
                    RejectReason.UNKNOWN_COUNTY,
                    "旗区 '" + countyText + "' is not one of the nine county-level units of Ordos");
        }
        String sector = sector(sectorText);
        if (sector == null) {
            return new RowOutcome.Rejected(
                    RejectReason.BAD_ROW,
                    "行业 '" + sectorText + "' is not a known sector (能源, 工业, 制造业, " + "基础设施, 社会事业, 生态, 房地产 or "
                            + String.join(", ", SECTOR_SYMBOLS) + ")");
        }
        String tierText = cell(row, Column.TIER);
        String tier = tierText.isEmpty() ? defaultTier : tier(tierText);
        if (tier == null) {
            return new RowOutcome.Rejected(
                    RejectReason.BAD_ROW,
                    "项目类别 '" + tierText + "' is not 市级重大项目 (MUNICIPAL_MAJOR) or 其他项目 (OTHER_FIXED_ASSET)");
        }
        if (!feeds.countsInvestmentOf(tier)) {
            List<String> counted = feeds.investmentTiers().stream()
                    .map(t -> tierName(t) + " (" + t + ")")
                    .toList();
            return new RowOutcome.Rejected(
                    RejectReason.NO_MATCHING_GOAL,
                    "项目类别 " + tierName(tier) + " (" + tier
                            + "): no goal of the plan counts the investment of this tier; "
                            + (counted.isEmpty()
                                    ? "no goal counts completed investment at all"
                                    : "the goals count " + String.join(", ", counted)));
        }
        LocalDate asOf;
        try {
            asOf = Cells.date(asOfText);
        } catch (DateTimeException | IllegalArgumentException e) {
            return new RowOutcome.Rejected(
                    RejectReason.BAD_ROW,
                    "截至日期 '" + asOfText + "' is not a date (2025-06-30, 2025/6/30, 2025年6月30日 or 2025年6月)");
        }
        if (asOf.getYear() != planYear) {
            return new RowOutcome.Rejected(
                    RejectReason.OUTSIDE_PLAN_YEAR, "截至日期 " + asOf + " is outside the plan year " + planYear);
        }
        BigDecimal value;
        try {
            value = Cells.number(valueText);
        } catch (NumberFormatException e) {
            return new RowOutcome.Rejected(RejectReason.INVALID_DECIMAL, "完成投资 '" + valueText + "' is not a number");
        }
        if (value.signum() < 0) {
            return new RowOutcome.Rejected(RejectReason.NEGATIVE_AMOUNT, "完成投资 " + valueText + " is negative");
        }
        if (value.stripTrailingZeros().scale() > 6) {
            return new RowOutcome.Rejected(
                    RejectReason.INVALID_DECIMAL, "完成投资 " + valueText + " has more than 6 decimal places");
        }
        if (!AmountLimits.withinStatementLimit(value)) {
            return new RowOutcome.Rejected(
                    RejectReason.AMOUNT_TOO_LARGE,
                    "完成投资 " + valueText + " is beyond the limit of " + AmountLimits.MAX_STATEMENT.toBigInteger()
                            + " for one statement");
        }
        if (!UNITS.isKnown(unit)) {
            return new RowOutcome.Rejected(
                    RejectReason.UNKNOWN_UNIT, "单位 '" + unit + "' is not a known unit (亿元, 万元, 元)");
        }
        if (UNITS.dimensionOf(unit) != Dimension.MONEY) {
            return new RowOutcome.Rejected(
                    RejectReason.UNIT_MISMATCH,
                    "单位 '" + unit + "' measures " + UNITS.dimensionOf(unit).description()
                            + ", not an amount of money (亿元, 万元, 元)");
        }
        // the unit as the table spells it, so that "万 元" and "万元" are the same statement
        unit = UNITS.canonical(unit);
        Instant eventTime = PlanCalendar.lastSecondOf(asOf);
        Instant reportedAt = TableLayout.reportedAt(eventTime, reportDay);
        String reportedText = cell(row, Column.REPORTED_AT);
        if (!reportedText.isEmpty()) {
            try {
                LocalDate reported = Cells.date(reportedText);
                reportedAt = PlanCalendar.lastSecondOf(reported);
            } catch (DateTimeException | IllegalArgumentException e) {
                return new RowOutcome.Rejected(RejectReason.BAD_ROW, "报送日期 '" + reportedText + "' is not a date");
            }
            if (reportedAt.isBefore(eventTime)) {
                return new RowOutcome.Rejected(
                        RejectReason.BAD_ROW, "报送日期 " + reportedText + " is before 截至日期 " + asOfText);
            }
        }
        BigDecimal normalised = value.stripTrailingZeros();
        String identity = String.join(
                "|",
                projectId,
                tier,
                asOf.toString(),
                normalised.toPlainString(),
                unit,
                county.get().name(),
                sector,
                projectName,
                reportedAt.toString());
        StatementHeader header = StatementHeader.newBuilder()
                .setEventId(EventIds.uuidV5(EventIds.IMPORTER, identity))
                .setSourceId(projectId)
                .setEventTime(eventTime)
                .setReportedAt(reportedAt)
                .setCounty(county.get())
                .build();
        return new RowOutcome.Accepted(
                projectId,
                InvestmentReport.newBuilder()
                        .setHeader(header)
                        .setProjectId(projectId)
                        .setProjectName(projectName)
                        .setTier(tier)
                        .setSector(sector)
                        .setMetric("investment.completed")
                        .setStatement(StatementType.YEAR_TO_DATE)
                        .setPeriod(null)
                        .setQuantity(Quantity.newBuilder()
                                .setValue(normalised.scale() < 0 ? normalised.setScale(0) : normalised)
                                .setUnit(unit)
                                .build())
                        .build(),
                "项目编号 " + projectId + ", 截至日期 " + asOf + ", 报送日期 " + PlanCalendar.dateOf(reportedAt));
    }

    /** The project id of a row, if it has one: dead letters are keyed like the event would have been. */
    @Override
    public String keyOf(RawRow row) {
        return cell(row, Column.PROJECT_ID);
    }

    private String cell(RawRow row, Column c) {
        return columns.cell(row, c);
    }

    private static String sector(String text) {
        String t = text.strip();
        if (SECTORS.containsKey(t)) {
            return SECTORS.get(t);
        }
        String upper = t.toUpperCase(Locale.ROOT);
        return SECTOR_SYMBOLS.contains(upper) ? upper : null;
    }

    private static String tierName(String tier) {
        return tier.equals("MUNICIPAL_MAJOR") ? "市级重大项目" : "其他项目";
    }

    private static String tier(String text) {
        String t = text.strip();
        if (TIERS.containsKey(t)) {
            return TIERS.get(t);
        }
        String upper = t.toUpperCase(Locale.ROOT);
        return upper.equals("MUNICIPAL_MAJOR") || upper.equals("OTHER_FIXED_ASSET") ? upper : null;
    }
}
