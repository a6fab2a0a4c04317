package city.ordos.plan.reliability;

import city.ordos.plan.avro.EnergyReading;
import city.ordos.plan.avro.EnvironmentReading;
import city.ordos.plan.avro.FeedSelector;
import city.ordos.plan.avro.GoalDefinition;
import city.ordos.plan.avro.InputStream;
import city.ordos.plan.avro.InvestmentReport;
import city.ordos.plan.avro.Quantity;
import city.ordos.plan.avro.StatementHeader;
import city.ordos.plan.avro.StatementType;
import city.ordos.plan.avro.StatisticsRelease;
import city.ordos.plan.reliability.Reconciliation.RecordId;
import city.ordos.plan.reliability.Reconciliation.Statement;
import city.ordos.plan.topics.OrdosTopics;
import city.ordos.plan.units.AmountLimits;
import city.ordos.plan.units.UnitTable;
import city.ordos.plan.vocabulary.ContributionRole;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;

/**
 * Turns one input record into the statements it contributes, written from the Avro contract and the
 * rules of docs/topology.md alone — deliberately not with the topology's own matching code, so that
 * a bug there shows up as a difference in the reconciliation instead of being repeated here.
 *
 * <p>A record is usable when it decoded as the topic's type (with a writer schema the contract can
 * read unchanged), is within the size limit, has every required text field non-blank (eventId,
 * sourceId, metric, unit and the type's own: projectId, projectName, tier, sector; facilityId,
 * energySource; indicator, measure), and is keyed by its sourceId. It then feeds every selector
 * (FEED, NUMERATOR, DENOMINATOR) of every goal whose stream and metric are its own and whose
 * categories (if any) contain its category, provided that for that goal: the statement shape is the
 * selector's; a flow's period (its ISO month or day, or the month of its event time when absent)
 * or another statement's event time falls in the goal's plan year in Asia/Shanghai; the event time
 * is not later than the report time or than now by more than the tolerance, nor the report time
 * later than now; the amount is not negative (statistics releases may be: growth rates) and at most
 * {@link AmountLimits#MAX_STATEMENT} in size as stated; and the unit converts to the selector's unit,
 * the converted value (rounded to the contract's six decimals) within the same limit.
 */
public final class StatementMatcher {

    public static final ZoneId PLAN_ZONE = ZoneId.of("Asia/Shanghai");

    /**
     * One record as read from an input topic; {@code value} is null when it did not decode as the
     * topic's type (or had no value at all).
     */
    public record InputRecord(RecordId id, InputStream stream, String key, int valueBytes, SpecificRecord value) {
        public InputRecord {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(stream, "stream");
        }
    }

    private record Selector(String goalKey, String role, int planYear, FeedSelector feed) {}

    private final List<Selector> selectors = new ArrayList<>();
    private final UnitTable units;
    private final Instant now;
    private final Duration futureTolerance;
    private final int maxRecordBytes;

    public StatementMatcher(
            Collection<GoalDefinition> catalog,
            UnitTable units,
            Instant now,
            Duration futureTolerance,
            int maxRecordBytes) {
        this.units = units;
        this.now = now;
        this.futureTolerance = futureTolerance;
        this.maxRecordBytes = maxRecordBytes;
        for (GoalDefinition g : catalog) {
            String key = OrdosTopics.goalKey(g.getPlanId(), g.getGoalId());
            addSelector(key, ContributionRole.FEED.name(), g.getPlanYear(), g.getFeed());
            addSelector(key, ContributionRole.NUMERATOR.name(), g.getPlanYear(), g.getNumerator());
            addSelector(key, ContributionRole.DENOMINATOR.name(), g.getPlanYear(), g.getDenominator());
        }
    }

    private void addSelector(String goalKey, String role, int planYear, FeedSelector feed) {
        if (feed != null) {
            selectors.add(new Selector(goalKey, role, planYear, feed));
        }
    }

    /** The statements the record contributes; empty means it must be in the dead-letter topic. */
    public List<Statement> statements(InputRecord r) {
        if (r.value() == null || r.valueBytes() > maxRecordBytes) {
            return List.of();
        }
        Fields f = Fields.of(r.value());
        if (f == null || f.stream != r.stream()) {
            return List.of();
        }
        StatementHeader h = f.header;
        if (blank(h.getSourceId())
                || blank(h.getEventId())
                || blank(f.metric)
                || f.required.stream().anyMatch(StatementMatcher::blank)
                || f.quantity == null
                || f.quantity.getValue() == null
                || blank(f.quantity.getUnit())
                || !h.getSourceId().equals(r.key())) {
            return List.of();
        }
        List<Statement> out = new ArrayList<>();
        for (Selector s : selectors) {
            FeedSelector sel = s.feed();
            boolean selected = sel.getStream() == f.stream
                    && sel.getMetric().equals(f.metric)
                    && (sel.getCategories().isEmpty()
                            || (f.category != null && sel.getCategories().contains(f.category)));
            if (!selected || f.statement != sel.getStatement()) {
                continue;
            }
            String period = null;
            if (f.statement == StatementType.PERIOD_FLOW) {
                period = f.period == null
                        ? YearMonth.from(h.getEventTime().atZone(PLAN_ZONE)).toString()
                        : normalPeriod(f.period);
                if (period == null || Integer.parseInt(period.substring(0, 4)) != s.planYear()) {
                    continue;
                }
            } else if (h.getEventTime().atZone(PLAN_ZONE).getYear() != s.planYear()) {
                continue;
            }
            if (h.getEventTime().isAfter(h.getReportedAt().plus(futureTolerance))
                    || h.getEventTime().isAfter(now.plus(futureTolerance))
                    || h.getReportedAt().isAfter(now.plus(futureTolerance))) {
                continue;
            }
            BigDecimal raw = f.quantity.getValue();
            if ((raw.signum() < 0 && f.stream != InputStream.STATISTICS) || !AmountLimits.withinStatementLimit(raw)) {
                continue;
            }
            String unit = f.quantity.getUnit();
            if (!units.isKnown(unit) || !units.isKnown(sel.getUnit()) || !units.convertible(unit, sel.getUnit())) {
                continue;
            }
            BigDecimal value = units.convert(raw, unit, sel.getUnit()).setScale(6, RoundingMode.HALF_EVEN);
            if (!AmountLimits.withinStatementLimit(value)) {
                continue;
            }
            out.add(new Statement(
                    r.id(),
                    s.goalKey(),
                    s.role(),
                    h.getSourceId(),
                    period,
                    h.getEventTime(),
                    h.getReportedAt(),
                    value));
        }
        return out;
    }

    /** An ISO month (2025-03) or day (2025-03-14), as that text; null for anything else. */
    private static String normalPeriod(String text) {
        try {
            return text.length() == 7
                    ? YearMonth.parse(text).toString()
                    : LocalDate.parse(text).toString();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    /** The fields of the four input types that matter here, read straight from the generated classes. */
    private record Fields(
            InputStream stream,
            StatementHeader header,
            String metric,
            String category,
            StatementType statement,
            String period,
            Quantity quantity,
            List<String> required) {
        static Fields of(SpecificRecord v) {
            if (v instanceof InvestmentReport i) {
                return new Fields(
                        InputStream.INVESTMENT,
                        i.getHeader(),
                        i.getMetric(),
                        i.getTier(),
                        i.getStatement(),
                        i.getPeriod(),
                        i.getQuantity(),
                        Arrays.asList(i.getProjectId(), i.getProjectName(), i.getTier(), i.getSector()));
            }
            if (v instanceof EnergyReading e) {
                return new Fields(
                        InputStream.ENERGY,
                        e.getHeader(),
                        e.getMetric(),
                        e.getEnergySource(),
                        e.getStatement(),
                        e.getPeriod(),
                        e.getQuantity(),
                        Arrays.asList(e.getFacilityId(), e.getEnergySource()));
            }
            if (v instanceof EnvironmentReading e) {
                return new Fields(
                        InputStream.ENVIRONMENT,
                        e.getHeader(),
                        e.getMetric(),
                        e.getCategory(),
                        e.getStatement(),
                        e.getPeriod(),
                        e.getQuantity(),
                        List.of());
            }
            if (v instanceof StatisticsRelease s) {
                return new Fields(
                        InputStream.STATISTICS,
                        s.getHeader(),
                        s.getMetric(),
                        null,
                        s.getStatement(),
                        s.getPeriod(),
                        s.getQuantity(),
                        Arrays.asList(s.getIndicator(), s.getMeasure()));
            }
            return null;
        }
    }
}
