package city.ordos.plan.producers.sim;

import city.ordos.plan.avro.InputStream;
import city.ordos.plan.avro.StatementType;
import city.ordos.plan.producers.EventIds;
import city.ordos.plan.producers.sim.FeedPlanner.AtomPlan;
import city.ordos.plan.vocabulary.PlanCalendar;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The simulated city: a deterministic year of statements from every source, in the order the
 * sources send them.
 *
 * <pre>{@code
 * ScenarioConfig config = ScenarioConfig.builder(Scenario.ON_TRACK, goals).seed(7).meters(10_000).build();
 * try (Stream<SimEvent> events = Simulation.events(config)) {
 *     events.forEach(e -> send(e.topic(), e.key(), e.value()));
 * }
 * }</pre>
 *
 * <p>Events are generated lazily one simulated day at a time, so a year with millions of meter
 * readings streams in constant memory. Ordered by simulated delivery time ({@link SimEvent#timestamp()}).
 */
public final class Simulation {

    /** Late deliveries of the restatements scenario arrive this many days after they were due. */
    private static final int LATE_DAYS = 40;

    private static final double[] POWERS_OF_TEN = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000};

    private final ScenarioConfig config;
    private final FeedPlanner.Plan plan;
    private final List<SimSource> sources;
    private final int year;

    private Simulation(ScenarioConfig config) {
        this.config = config;
        this.year = config.planYear();
        this.plan = FeedPlanner.plan(config);
        CityLayout layout = new CityLayout(config);
        AtomPlan meterAtom = meterAtom(plan.atoms());
        // the meters are spread over the categories of the metric they measure (wind, solar, thermal ...)
        List<AtomPlan> metered = meterAtom == null
                ? List.of()
                : plan.atoms().stream()
                        .filter(a -> !a.rate()
                                && a.key().stream() == meterAtom.key().stream()
                                && a.key().metric().equals(meterAtom.key().metric())
                                && a.key().statement() == meterAtom.key().statement())
                        .toList();
        List<SimSource> all = new ArrayList<>();
        for (AtomPlan atom : plan.atoms()) {
            int i = metered.indexOf(atom);
            int meters = i < 0 ? 0 : config.meters() / metered.size() + (i < config.meters() % metered.size() ? 1 : 0);
            all.addAll(layout.sourcesFor(atom, meters));
        }
        this.sources = List.copyOf(all);
    }

    /** The events of the configured year, lazily, in delivery order. */
    public static Stream<SimEvent> events(ScenarioConfig config) {
        return new Simulation(config).stream();
    }

    /** What the simulation decided each atom adds up to, which goals lag or go silent, and any warnings. */
    public static FeedPlanner.Plan plan(ScenarioConfig config) {
        return FeedPlanner.plan(config);
    }

    /** Number of distinct reporting sources the configuration creates. */
    public static int sourceCount(ScenarioConfig config) {
        return new Simulation(config).sources.size();
    }

    private Stream<SimEvent> stream() {
        LocalDate first = LocalDate.of(year, 1, 1);
        LocalDate last = config.effectiveLastReportDay();
        return Stream.iterate(first, d -> !d.isAfter(last), d -> d.plusDays(1)).flatMap(day -> eventsOn(day).stream());
    }

    private static AtomPlan meterAtom(List<AtomPlan> atoms) {
        return atoms.stream()
                .filter(a -> !a.rate()
                        && a.key().stream() == InputStream.ENERGY
                        && "power.generation".equals(a.key().metric()))
                .findFirst()
                .or(() -> atoms.stream()
                        .filter(a -> !a.rate()
                                && a.key().stream() == InputStream.ENERGY
                                && a.key().statement() == StatementType.PERIOD_FLOW)
                        .findFirst())
                .or(() -> atoms.stream()
                        .filter(a -> !a.rate() && a.key().stream() == InputStream.ENERGY)
                        .findFirst())
                .orElse(null);
    }

    private record Delivery(Statement statement, Instant deliveredAt) {}

    /** Delivery time, then source, event time and id: a total order, so the output is deterministic. */
    private static final Comparator<Delivery> DELIVERY_ORDER = (a, b) -> {
        int c = a.deliveredAt.compareTo(b.deliveredAt);
        if (c != 0) {
            return c;
        }
        c = a.statement.sourceId().compareTo(b.statement.sourceId());
        if (c != 0) {
            return c;
        }
        c = a.statement.eventTime().compareTo(b.statement.eventTime());
        return c != 0 ? c : a.statement.eventId().compareTo(b.statement.eventId());
    };

    private List<SimEvent> eventsOn(LocalDate day) {
        List<Delivery> out = new ArrayList<>();
        Scenario scenario = config.scenario();
        for (SimSource s : sources) {
            for (Statement st : regular(s, day)) {
                if (scenario == Scenario.RESTATEMENTS && isLate(st)) {
                    continue;
                }
                out.add(new Delivery(st, st.reportedAt()));
                if (scenario == Scenario.DIRTY && chance("dirty|" + st.eventId()) < config.dirtyShare()) {
                    Statement bad = defective(st);
                    out.add(new Delivery(bad, bad.reportedAt()));
                }
            }
            if (scenario == Scenario.RESTATEMENTS) {
                int k = correctionDelay(s);
                for (Statement orig : regular(s, day.minusDays(k))) {
                    if (isCorrected(orig)) {
                        Statement fix = corrected(orig, s, day);
                        out.add(new Delivery(fix, fix.reportedAt()));
                    }
                }
                for (Statement late : regular(s, day.minusDays(LATE_DAYS))) {
                    if (isLate(late)) {
                        out.add(new Delivery(late, PlanCalendar.at(day, s.reportMinute())));
                    }
                }
                for (Statement again : regular(s, day.minusDays(1))) {
                    if (isResent(again)) {
                        out.add(new Delivery(again, PlanCalendar.at(day, s.reportMinute())));
                    }
                }
            }
        }
        out.sort(DELIVERY_ORDER);
        List<SimEvent> events = new ArrayList<>(out.size());
        for (Delivery d : out) {
            events.add(toEvent(d));
        }
        return events;
    }

    private SimEvent toEvent(Delivery d) {
        Statement st = d.statement();
        String topic = config.topics().input(st.stream()).name();
        long ts = d.deliveredAt().toEpochMilli();
        if (st.defect() == Defect.NOT_AVRO) {
            String json = "{\"sourceId\":\"" + st.sourceId() + "\",\"metric\":\"" + st.metric() + "\",\"value\":\""
                    + st.value().toPlainString() + "\",\"unit\":\"" + st.unit() + "\"}";
            return new SimEvent(topic, st.sourceId(), null, json.getBytes(StandardCharsets.UTF_8), ts, st);
        }
        return new SimEvent(topic, st.sourceId(), RecordFactory.toRecord(st), null, ts, st);
    }

    // ---- regular statements ----------------------------------------------------------------

    private List<Statement> regular(SimSource s, LocalDate day) {
        LocalDate asOf = s.asOfReportedOn(day, year);
        if (asOf == null) {
            return List.of();
        }
        Instant reportedAt = PlanCalendar.at(day, s.reportMinute());
        if (s.statement() == StatementType.PERIOD_FLOW) {
            List<Statement> out = new ArrayList<>();
            for (String period : s.cadence().flowPeriods(asOf, year)) {
                LocalDate[] b = Cadence.bounds(period);
                double v = s.path().flow(b[0], b[1]);
                out.add(statement(s, period, PlanCalendar.lastSecondOf(b[1]), reportedAt, v));
            }
            return out;
        }
        String period = s.stream() == InputStream.STATISTICS ? referencePeriod(s.cadence(), asOf) : null;
        return List.of(statement(
                s, period, PlanCalendar.lastSecondOf(asOf), reportedAt, s.path().at(asOf)));
    }

    private static String referencePeriod(Cadence cadence, LocalDate asOf) {
        return switch (cadence) {
            case QUARTERLY -> asOf.getYear() + "-Q" + ((asOf.getMonthValue() - 1) / 3 + 1);
            case MONTHLY -> YearMonth.from(asOf).toString();
            case WEEKLY, DAILY -> asOf.toString();
        };
    }

    private Statement statement(SimSource s, String period, Instant eventTime, Instant reportedAt, double v) {
        boolean rate = Magnitudes.isRate(s.unit());
        double written = v * s.toUnit();
        if (!rate && written < 0) {
            written = 0;
        }
        // rounded in long arithmetic: exact, deterministic and much cheaper than a decimal conversion
        // counts are whole: a school under way counts once it is started (rounded up), or a target of
        // one school would read 0 until the year is over
        double scaled = written * POWERS_OF_TEN[s.scale()];
        long units = s.scale() == 0 && !rate ? (long) Math.ceil(scaled - 1e-9) : Math.round(scaled);
        BigDecimal value = BigDecimal.valueOf(units, s.scale());
        String id = eventId(s.sourceId() + "|" + s.metric() + "|" + (period != null ? period : eventTime.toString())
                + "|" + reportedAt.toEpochMilli() + "|r0");
        return new Statement(
                id,
                s.stream(),
                s.sourceId(),
                s.county(),
                s.metric(),
                s.statement(),
                period,
                eventTime,
                reportedAt,
                value,
                s.unit(),
                s.details(),
                Defect.NONE);
    }

    private String eventId(String name) {
        return EventIds.uuidV5(
                EventIds.SIMULATOR, config.seed() + "|" + config.scenario().cliName() + "|" + name);
    }

    private double chance(String name) {
        return Seeds.uniform(config.seed(), name);
    }

    // ---- restatements ----------------------------------------------------------------------

    private int correctionDelay(SimSource s) {
        return 5 + (int) Math.floorMod(Seeds.hash(config.seed(), "correction-delay|" + s.sourceId()), 20L);
    }

    private boolean isCorrected(Statement st) {
        return chance("restate|" + st.eventId()) < config.restatementShare();
    }

    private boolean isLate(Statement st) {
        double u = chance("restate|" + st.eventId());
        double share = config.restatementShare();
        return u >= share && u < share * 1.4;
    }

    private boolean isResent(Statement st) {
        double u = chance("restate|" + st.eventId());
        double share = config.restatementShare();
        return u >= share * 1.4 && u < share * 1.7;
    }

    /** The same statement (same as-of or period) stated again later, corrected downward or upward. */
    private Statement corrected(Statement orig, SimSource s, LocalDate day) {
        double u = chance("restate-size|" + orig.eventId());
        boolean down = chance("restate-dir|" + orig.eventId()) < 0.5;
        double factor = down ? 0.85 + 0.1 * u : 1.04 + 0.08 * u;
        if (Magnitudes.isRate(orig.unit())) {
            factor = down ? 0.97 : 1.03;
        }
        BigDecimal value = orig.value()
                .multiply(BigDecimal.valueOf(factor))
                .setScale(orig.value().scale(), RoundingMode.HALF_EVEN);
        Instant reportedAt = PlanCalendar.at(day, Math.min(s.reportMinute() + 17, 24 * 60 - 1));
        return orig.restated(eventId(orig.eventId() + "|correction|" + reportedAt.toEpochMilli()), reportedAt, value);
    }

    // ---- dirty -----------------------------------------------------------------------------

    private Statement defective(Statement st) {
        List<Defect> options = new ArrayList<>(
                List.of(Defect.UNKNOWN_UNIT, Defect.UNIT_MISMATCH, Defect.OUTSIDE_PLAN_YEAR, Defect.NOT_AVRO));
        if (!Magnitudes.isRate(st.unit())) {
            options.add(Defect.NEGATIVE_AMOUNT);
        }
        if (st.county() != null) {
            options.add(Defect.UNKNOWN_COUNTY);
        }
        Defect defect = options.get(
                (int) Math.floorMod(Seeds.hash(config.seed(), "defect|" + st.eventId()), (long) options.size()));
        Instant reportedAt =
                st.reportedAt().plus(1 + (int) (chance("defect-minute|" + st.eventId()) * 50), ChronoUnit.MINUTES);
        String id = eventId(st.eventId() + "|" + defect);
        return switch (defect) {
            case UNKNOWN_UNIT -> st.withDefect(id, defect, st.eventTime(), reportedAt, st.value(), misspelt(st.unit()));
            case UNIT_MISMATCH ->
                st.withDefect(
                        id,
                        defect,
                        st.eventTime(),
                        reportedAt,
                        st.value(),
                        st.unit().contains("元") ? "万千瓦" : "亿元");
            case NEGATIVE_AMOUNT ->
                st.withDefect(
                        id,
                        defect,
                        st.eventTime(),
                        reportedAt,
                        st.value().signum() == 0
                                ? BigDecimal.ONE.negate()
                                : st.value().negate(),
                        st.unit());
            case OUTSIDE_PLAN_YEAR -> outsideYear(st, id, reportedAt);
            default -> st.withDefect(id, defect, st.eventTime(), reportedAt, st.value(), st.unit());
        };
    }

    private Statement outsideYear(Statement st, String id, Instant reportedAt) {
        boolean before = chance("outside|" + st.eventId()) < 0.5;
        LocalDate date = before ? LocalDate.of(year - 1, 12, 31) : LocalDate.of(year + 1, 1, 15);
        String period = st.period() == null
                ? null
                : st.period().length() == 7
                        ? YearMonth.from(date).toString()
                        : st.stream() == InputStream.STATISTICS ? st.period() : date.toString();
        Statement shifted = new Statement(
                id,
                st.stream(),
                st.sourceId(),
                st.county(),
                st.metric(),
                st.statement(),
                period,
                PlanCalendar.lastSecondOf(date),
                reportedAt,
                st.value(),
                st.unit(),
                st.details(),
                Defect.OUTSIDE_PLAN_YEAR);
        return shifted;
    }

    private static String misspelt(String unit) {
        if (unit.contains("元")) {
            return unit.replace("元", "圆");
        }
        if (unit.contains("万")) {
            return unit.replace("万", "萬");
        }
        return unit + "s";
    }
}
