package city.ordos.plan.producers.imports;

import city.ordos.plan.avro.County;
import city.ordos.plan.avro.InvestmentReport;
import city.ordos.plan.avro.Quantity;
import city.ordos.plan.avro.StatementHeader;
import city.ordos.plan.avro.StatementType;
import city.ordos.plan.producers.Counties;
import city.ordos.plan.producers.EventIds;
import city.ordos.plan.producers.sim.PlanCalendar;
import city.ordos.plan.units.Dimension;
import city.ordos.plan.units.UnitTable;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks one row of an investment report table and turns it into an {@link InvestmentReport}.
 * Pure: no I/O, no clock. The event id is derived from the normalised content of the row, so the
 * same row imported again (from the same or a renamed file) is the same statement.
 */
public final class InvestmentRowValidator {

    private static final UnitTable UNITS = UnitTable.standard();
    private static final Map<String, String> SECTORS = Map.ofEntries(
            Map.entry("能源", "ENERGY"), Map.entry("工业", "INDUSTRY"), Map.entry("制造业", "MANUFACTURING"),
            Map.entry("基础设施", "INFRASTRUCTURE"), Map.entry("社会事业", "SOCIAL"), Map.entry("社会民生", "SOCIAL"),
            Map.entry("生态", "ECOLOGY"), Map.entry("生态环保", "ECOLOGY"), Map.entry("房地产", "REAL_ESTATE"));
    private static final Set<String> SECTOR_SYMBOLS = Set.copyOf(SECTORS.values());
    private static final Map<String, String> TIERS = Map.of(
            "市级重大项目", "MUNICIPAL_MAJOR", "重大项目", "MUNICIPAL_MAJOR", "其他项目", "OTHER_FIXED_ASSET",
            "一般项目", "OTHER_FIXED_ASSET", "其他固定资产投资", "OTHER_FIXED_ASSET");
    private static final Pattern CHINESE_DATE = Pattern.compile("(\\d{4})年(\\d{1,2})月(?:(\\d{1,2})日)?");
    private static final Pattern NUMERIC_DATE = Pattern.compile("(\\d{4})[-/.](\\d{1,2})(?:[-/.](\\d{1,2}))?");

    private final Map<Column, Integer> columns;
    private final String unitFromHeader;
    private final String defaultTier;
    private final int planYear;

    /**
     * @param header      the header cells of the file
     * @param defaultTier tier for files without a 项目类别 column
     * @throws ImportException naming every required column that is missing
     */
    public InvestmentRowValidator(List<String> header, String defaultTier, int planYear) throws ImportException {
        this.columns = new EnumMap<>(Column.class);
        String unitInValueHeader = null;
        for (int i = 0; i < header.size(); i++) {
            for (Column c : Column.values()) {
                if (!columns.containsKey(c) && c.matches(header.get(i))) {
                    columns.put(c, i);
                    if (c == Column.VALUE) {
                        unitInValueHeader = Column.unitInHeader(header.get(i));
                    }
                }
            }
        }
        this.unitFromHeader = unitInValueHeader;
        StringBuilder missing = new StringBuilder();
        for (Column c : Column.values()) {
            if (c.required() && !columns.containsKey(c) && !(c == Column.UNIT && unitFromHeader != null)) {
                missing.append(missing.length() == 0 ? "" : "; ").append("missing column ").append(c.chineseHeader())
                        .append(" (also accepted: ").append(String.join(", ", c.headers().subList(1, c.headers().size())))
                        .append(")");
            }
        }
        if (missing.length() > 0) {
            throw new ImportException(missing + "; found columns: " + String.join(", ", header));
        }
        this.defaultTier = defaultTier;
        this.planYear = planYear;
    }

    public RowOutcome validate(RawRow row) {
        String projectId = cell(row, Column.PROJECT_ID);
        String projectName = cell(row, Column.PROJECT_NAME);
        String countyText = cell(row, Column.COUNTY);
        String sectorText = cell(row, Column.SECTOR);
        String asOfText = cell(row, Column.AS_OF);
        String valueText = cell(row, Column.VALUE);
        String unit = columns.containsKey(Column.UNIT) ? cell(row, Column.UNIT) : "";
        if (unit.isEmpty() && unitFromHeader != null) {
            unit = unitFromHeader;
        }
        for (var required : List.of(Map.entry(Column.PROJECT_ID, projectId), Map.entry(Column.PROJECT_NAME, projectName),
                Map.entry(Column.COUNTY, countyText), Map.entry(Column.SECTOR, sectorText),
                Map.entry(Column.AS_OF, asOfText), Map.entry(Column.VALUE, valueText), Map.entry(Column.UNIT, unit))) {
            if (required.getValue().isEmpty()) {
                return new RowOutcome.Rejected("MISSING_FIELD", "column " + required.getKey().chineseHeader() + " is empty");
            }
        }
        Optional<County> county = Counties.parse(countyText);
        if (county.isEmpty()) {
            return new RowOutcome.Rejected("UNKNOWN_COUNTY", "旗区 '" + countyText
                    + "' is not one of the nine county-level units of Ordos");
        }
        String sector = sector(sectorText);
        if (sector == null) {
            return new RowOutcome.Rejected("BAD_ROW", "行业 '" + sectorText + "' is not a known sector (能源, 工业, 制造业, "
                    + "基础设施, 社会事业, 生态, 房地产 or " + String.join(", ", SECTOR_SYMBOLS) + ")");
        }
        String tierText = columns.containsKey(Column.TIER) ? cell(row, Column.TIER) : "";
        String tier = tierText.isEmpty() ? defaultTier : tier(tierText);
        if (tier == null) {
            return new RowOutcome.Rejected("BAD_ROW", "项目类别 '" + tierText
                    + "' is not 市级重大项目 (MUNICIPAL_MAJOR) or 其他项目 (OTHER_FIXED_ASSET)");
        }
        LocalDate asOf;
        try {
            asOf = date(asOfText);
        } catch (java.time.DateTimeException | IllegalArgumentException e) {
            return new RowOutcome.Rejected("BAD_ROW", "截至日期 '" + asOfText
                    + "' is not a date (2025-06-30, 2025/6/30, 2025年6月30日 or 2025年6月)");
        }
        if (asOf.getYear() != planYear) {
            return new RowOutcome.Rejected("OUTSIDE_PLAN_YEAR", "截至日期 " + asOf + " is outside the plan year " + planYear);
        }
        BigDecimal value;
        try {
            value = new BigDecimal(valueText.replace(",", "").replace("，", "").replace(" ", ""));
        } catch (NumberFormatException e) {
            return new RowOutcome.Rejected("INVALID_AMOUNT", "完成投资 '" + valueText + "' is not a number");
        }
        if (value.signum() < 0) {
            return new RowOutcome.Rejected("INVALID_AMOUNT", "完成投资 " + valueText + " is negative");
        }
        if (value.stripTrailingZeros().scale() > 6) {
            return new RowOutcome.Rejected("INVALID_AMOUNT", "完成投资 " + valueText + " has more than 6 decimal places");
        }
        if (!UNITS.isKnown(unit)) {
            return new RowOutcome.Rejected("UNKNOWN_UNIT", "单位 '" + unit + "' is not a known unit (亿元, 万元, 元)");
        }
        if (UNITS.dimensionOf(unit) != Dimension.MONEY) {
            return new RowOutcome.Rejected("UNIT_MISMATCH", "单位 '" + unit + "' measures "
                    + UNITS.dimensionOf(unit).description() + ", not an amount of money (亿元, 万元, 元)");
        }
        // the unit as the table spells it, so that "万 元" and "万元" are the same statement
        unit = UNITS.canonical(unit);
        Instant eventTime = PlanCalendar.endOf(asOf);
        Instant reportedAt = eventTime;
        String reportedText = columns.containsKey(Column.REPORTED_AT) ? cell(row, Column.REPORTED_AT) : "";
        if (!reportedText.isEmpty()) {
            try {
                LocalDate reported = date(reportedText);
                reportedAt = PlanCalendar.endOf(reported);
            } catch (java.time.DateTimeException | IllegalArgumentException e) {
                return new RowOutcome.Rejected("BAD_ROW", "报送日期 '" + reportedText + "' is not a date");
            }
            if (reportedAt.isBefore(eventTime)) {
                return new RowOutcome.Rejected("BAD_ROW", "报送日期 " + reportedText + " is before 截至日期 " + asOfText);
            }
        }
        BigDecimal normalised = value.stripTrailingZeros();
        String identity = String.join("|", projectId, tier, asOf.toString(), normalised.toPlainString(), unit,
                county.get().name(), sector, projectName, reportedAt.toString());
        StatementHeader header = StatementHeader.newBuilder()
                .setEventId(EventIds.uuidV5(EventIds.IMPORTER, identity))
                .setSourceId(projectId)
                .setEventTime(eventTime)
                .setReportedAt(reportedAt)
                .setCounty(county.get())
                .build();
        return new RowOutcome.Accepted(InvestmentReport.newBuilder()
                .setHeader(header)
                .setProjectId(projectId)
                .setProjectName(projectName)
                .setTier(tier)
                .setSector(sector)
                .setMetric("investment.completed")
                .setStatement(StatementType.YEAR_TO_DATE)
                .setPeriod(null)
                .setQuantity(Quantity.newBuilder().setValue(normalised.scale() < 0 ? normalised.setScale(0) : normalised)
                        .setUnit(unit).build())
                .build());
    }

    /** The project id of a row, if it has one: dead letters are keyed like the event would have been. */
    public String keyOf(RawRow row) {
        return cell(row, Column.PROJECT_ID);
    }

    private String cell(RawRow row, Column c) {
        Integer i = columns.get(c);
        return i == null ? "" : row.cell(i).strip();
    }

    private static String sector(String text) {
        String t = text.strip();
        if (SECTORS.containsKey(t)) {
            return SECTORS.get(t);
        }
        String upper = t.toUpperCase(Locale.ROOT);
        return SECTOR_SYMBOLS.contains(upper) ? upper : null;
    }

    private static String tier(String text) {
        String t = text.strip();
        if (TIERS.containsKey(t)) {
            return TIERS.get(t);
        }
        String upper = t.toUpperCase(Locale.ROOT);
        return upper.equals("MUNICIPAL_MAJOR") || upper.equals("OTHER_FIXED_ASSET") ? upper : null;
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
