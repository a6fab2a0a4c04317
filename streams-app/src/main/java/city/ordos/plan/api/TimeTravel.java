package city.ordos.plan.api;

import city.ordos.plan.avro.GoalDefinition;
import city.ordos.plan.avro.GoalProgress;
import city.ordos.plan.progress.PlanClock;
import city.ordos.plan.timetravel.DailyTotals;
import city.ordos.plan.timetravel.Pictures;
import city.ordos.plan.topics.OrdosTopics;
import city.ordos.plan.topics.TopicSpec;
import city.ordos.plan.vocabulary.PlanCalendar;
import io.javalin.http.NotFoundResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/**
 * The figures of any moment, gathered from every instance: each answers for the partitions it owns
 * ({@link TimelineShare}), this class checks that every partition answered exactly once and
 * evaluates the sums with the catalog as it stands. The same state gives the same answer on every
 * instance; while a partition has no owner (rebalancing) the answer is 503, never a partial sum.
 */
public final class TimeTravel {

    /**
     * @param calendar        the plan year
     * @param now             the plan clock of this instance
     * @param inputPartitions tasks of the input side (the largest input topic's partitions)
     * @param goalPartitions  tasks of the goal side ({@code ordos.progress.partitions})
     */
    public record Settings(PlanCalendar calendar, Supplier<Instant> now, int inputPartitions, int goalPartitions) {
        public Settings {
            Objects.requireNonNull(calendar, "calendar");
            Objects.requireNonNull(now, "now");
        }

        /** For an application on these topics, with this clock and number of goal partitions. */
        public static Settings of(PlanCalendar calendar, PlanClock clock, OrdosTopics topics, int goalPartitions) {
            int inputs = topics.inputs().stream()
                    .mapToInt(TopicSpec::partitions)
                    .max()
                    .orElse(1);
            return new Settings(calendar, clock::now, inputs, goalPartitions);
        }
    }

    static final String INTERNAL = "/api/internal/timeline";

    private final TimelineShare local;
    private final GoalState goals;
    private final Forwarder forwarder;
    private final CatalogView catalog;
    private final AlertLog alerts;
    private final HistoryBuffer history;
    private final Settings settings;

    TimeTravel(
            TimelineShare local,
            GoalState goals,
            Forwarder forwarder,
            CatalogView catalog,
            AlertLog alerts,
            HistoryBuffer history,
            Settings settings) {
        this.local = local;
        this.goals = goals;
        this.forwarder = forwarder;
        this.catalog = catalog;
        this.alerts = alerts;
        this.history = history;
        this.settings = settings;
    }

    public Settings settings() {
        return settings;
    }

    TimelineShare local() {
        return local;
    }

    CatalogView catalog() {
        return catalog;
    }

    AlertLog alerts() {
        return alerts;
    }

    /** The moment a request names (live when it names none). */
    Moment moment(String asOf, String knownAt) {
        return Moment.parse(asOf, knownAt, settings.calendar(), settings.now().get());
    }

    GoalDefinition definition(String goalKey) {
        return catalog.get(goalKey).orElseThrow(() -> new NotFoundResponse("no goal " + goalKey + " in the catalog"));
    }

    // ---- whole pictures ----------------------------------------------------------------------

    /** Every catalog goal's figure at a past moment, in catalog order. */
    List<Views.GoalView> goals(Moment m) {
        List<GoalDefinition> all = catalog.all();
        if (m instanceof Moment.AsOf a) {
            Map<String, DailyTotals.Totals> totals = totalsThrough(a.date());
            List<Views.GoalView> out = new ArrayList<>();
            for (GoalDefinition d : all) {
                DailyTotals.Totals t = totals.getOrDefault(key(d), DailyTotals.Totals.NONE);
                out.add(TimeViews.rebuilt(Pictures.asOf(d, t, a.date())));
            }
            return out;
        }
        if (m instanceof Moment.KnownAt k) {
            Map<String, Views.GoalView> shown =
                    shown(all.stream().map(TimeTravel::key).toList(), k.at());
            return all.stream()
                    .map(d -> shown.get(key(d)))
                    .filter(Objects::nonNull)
                    .toList();
        }
        throw new IllegalArgumentException("live figures come from the progress store, not from time travel");
    }

    /** One goal's figure at a moment, live included (the live one from the goal's owner). */
    Views.GoalView goal(String goalKey, Moment m) {
        if (m instanceof Moment.AsOf a) {
            return TimeViews.rebuilt(Pictures.asOf(definition(goalKey), totalsOf(goalKey, a.date()), a.date()));
        }
        if (m instanceof Moment.KnownAt k) {
            Views.GoalView v = shown(List.of(goalKey), k.at()).get(goalKey);
            if (v == null) {
                throw new NotFoundResponse("goal " + goalKey + " was not on the screen at " + k.at());
            }
            return v;
        }
        return live(goalKey);
    }

    /** The goal's daily history up to the moment: as known today (live, asOf) or as shown (knownAt). */
    List<Views.HistoryPoint> history(String goalKey, Moment m, LocalDate from, LocalDate to) {
        if (m instanceof Moment.KnownAt) {
            Instant start = from.atStartOfDay(PlanCalendar.ZONE).toInstant();
            Instant end = PlanCalendar.endOfDay(to).isAfter(m.instant()) ? m.instant() : PlanCalendar.endOfDay(to);
            return daily(shownSeries(goalKey, start, end));
        }
        GoalDefinition d = definition(goalKey);
        NavigableMap<LocalDate, DailyTotals.Totals> deltas = days(goalKey, to);
        return Pictures.series(d, deltas, from, to).stream()
                .map(p -> TimeViews.point(TimeViews.rebuilt(p)))
                .toList();
    }

    /** The last day of the history a moment shows. */
    LocalDate lastDay(Moment m) {
        return PlanCalendar.dateOf(m.instant());
    }

    LocalDate firstDay() {
        return LocalDate.of(settings.calendar().year(), 1, 1);
    }

    /** Sparklines for the dashboard at a moment: daily points of every goal. */
    Map<String, List<Views.HistoryPoint>> histories(Moment m) {
        Map<String, List<Views.HistoryPoint>> out = new LinkedHashMap<>();
        if (m instanceof Moment.KnownAt k) {
            // What the screen drew then: the figures shown up to K (the live feed's daily points).
            history.all()
                    .forEach((key, points) -> out.put(
                            key,
                            points.stream()
                                    .filter(p -> !Instant.parse(p.asOf()).isAfter(k.at()))
                                    .toList()));
            return out;
        }
        LocalDate to = lastDay(m);
        Map<String, NavigableMap<LocalDate, DailyTotals.Totals>> all = allDays(to);
        for (GoalDefinition d : catalog.all()) {
            NavigableMap<LocalDate, DailyTotals.Totals> deltas = all.getOrDefault(key(d), new TreeMap<>());
            out.put(
                    key(d),
                    Pictures.series(d, deltas, firstDay(), to).stream()
                            .map(p -> TimeViews.point(TimeViews.rebuilt(p)))
                            .toList());
        }
        return out;
    }

    /** Alert episodes open at the moment (as raised then: alerts are never restated). */
    List<Views.AlertView> openAlerts(Moment m) {
        return alerts.at(m.instant(), true).stream().map(Views.AlertView::of).toList();
    }

    // ---- sources and restatements ---------------------------------------------------------------

    /** The goal's sources standing at the end of {@code date}, each in its selector's unit, largest first. */
    List<TimelineShare.SourceView> sources(String goalKey, LocalDate date) {
        GoalDefinition d = definition(goalKey);
        List<TimelineShare.SourceView> all = new ArrayList<>();
        gather(
                        () -> local.sources(goalKey, date),
                        INTERNAL + "/sources?goal=" + enc(goalKey) + "&date=" + date,
                        TimelineShare.SourcesShare.class,
                        TimelineShare.SourcesShare::partitions,
                        settings.inputPartitions())
                .forEach(s -> s.sources().forEach(v -> all.add(v.withUnit(unit(d, v.role())))));
        all.sort(Comparator.comparing(TimelineShare.SourceView::role)
                .thenComparing(TimelineShare.SourceView::value, Comparator.reverseOrder())
                .thenComparing(TimelineShare.SourceView::sourceId));
        return all;
    }

    List<TimelineShare.RestatementView> restatements(String goalKey) {
        definition(goalKey);
        List<TimelineShare.RestatementView> all = new ArrayList<>();
        gather(
                        () -> local.restatements(goalKey),
                        INTERNAL + "/restatements?goal=" + enc(goalKey),
                        TimelineShare.RestatementsShare.class,
                        TimelineShare.RestatementsShare::partitions,
                        settings.inputPartitions())
                .forEach(s -> all.addAll(s.restatements()));
        all.sort(Comparator.comparing(TimelineShare.RestatementView::asOf)
                .reversed()
                .thenComparing(TimelineShare.RestatementView::sourceId));
        return all;
    }

    private static String unit(GoalDefinition d, String role) {
        var selector = switch (role) {
            case "NUMERATOR" -> d.getNumerator();
            case "DENOMINATOR" -> d.getDenominator();
            default -> d.getFeed();
        };
        return selector == null ? d.getUnit() : selector.getUnit();
    }

    // ---- gathering -----------------------------------------------------------------------------

    Map<String, DailyTotals.Totals> totalsThrough(LocalDate date) {
        Map<String, DailyTotals.Totals> totals = new TreeMap<>();
        gather(
                        () -> local.totalsThrough(date),
                        INTERNAL + "/totals?date=" + date,
                        TimelineShare.TotalsShare.class,
                        TimelineShare.TotalsShare::partitions,
                        settings.inputPartitions())
                .forEach(s -> s.goals().forEach((g, t) -> totals.merge(g, t, DailyTotals.Totals::plus)));
        return totals;
    }

    DailyTotals.Totals totalsOf(String goalKey, LocalDate date) {
        return Pictures.totalsThrough(days(goalKey, date), date);
    }

    NavigableMap<LocalDate, DailyTotals.Totals> days(String goalKey, LocalDate through) {
        NavigableMap<LocalDate, DailyTotals.Totals> days = new TreeMap<>();
        gather(
                        () -> local.days(goalKey, through),
                        INTERNAL + "/days?goal=" + enc(goalKey) + "&through=" + through,
                        TimelineShare.DaysShare.class,
                        TimelineShare.DaysShare::partitions,
                        settings.inputPartitions())
                .forEach(s ->
                        s.days().forEach((day, t) -> days.merge(LocalDate.parse(day), t, DailyTotals.Totals::plus)));
        return days;
    }

    /** Every goal's deltas by day (the dashboard's sparklines at a past day). */
    Map<String, NavigableMap<LocalDate, DailyTotals.Totals>> allDays(LocalDate through) {
        Map<String, NavigableMap<LocalDate, DailyTotals.Totals>> out = new TreeMap<>();
        gather(
                        () -> local.allDays(through),
                        INTERNAL + "/all-days?through=" + through,
                        TimelineShare.AllDaysShare.class,
                        TimelineShare.AllDaysShare::partitions,
                        settings.inputPartitions())
                .forEach(s -> s.goals()
                        .forEach(
                                (goal, days) -> days.forEach((day, t) -> out.computeIfAbsent(goal, g -> new TreeMap<>())
                                        .merge(LocalDate.parse(day), t, DailyTotals.Totals::plus))));
        return out;
    }

    Map<String, Views.GoalView> shown(Collection<String> goalKeys, Instant at) {
        Map<String, Views.GoalView> out = new TreeMap<>();
        gather(
                        () -> local.shown(goalKeys, at),
                        INTERNAL + "/shown?knownAt=" + enc(at.toString()),
                        TimelineShare.ShownShare.class,
                        TimelineShare.ShownShare::partitions,
                        settings.goalPartitions())
                .forEach(s -> s.goals().forEach((k, v) -> {
                    if (goalKeys.contains(k)) {
                        out.put(k, v);
                    }
                }));
        return out;
    }

    List<Views.GoalView> shownSeries(String goalKey, Instant from, Instant to) {
        List<Views.GoalView> out = new ArrayList<>();
        gather(
                        () -> local.shownSeries(goalKey, from, to),
                        INTERNAL + "/shown-series?goal=" + enc(goalKey) + "&from=" + enc(from.toString()) + "&to="
                                + enc(to.toString()),
                        TimelineShare.ShownSeriesShare.class,
                        TimelineShare.ShownSeriesShare::partitions,
                        settings.goalPartitions())
                .forEach(s -> out.addAll(s.figures()));
        out.sort(Comparator.comparing(Views.GoalView::asOf));
        return out;
    }

    /** The live figure, from the goal's owner. */
    Views.GoalView live(String goalKey) {
        definition(goalKey);
        GoalState.Instance owner = goals.ownerOf(goalKey)
                .orElseThrow(() -> new GoalState.StateUnavailableException(
                        "no instance owns " + goalKey + " right now (rebalancing)", null));
        if (owner.equals(goals.self())) {
            GoalProgress p = goals.localProgress(goalKey)
                    .orElseThrow(() -> new NotFoundResponse("no progress for goal " + goalKey));
            return Views.GoalView.of(p);
        }
        String goalId = goalKey.substring(goalKey.indexOf('/') + 1);
        String plan = goalKey.substring(0, goalKey.indexOf('/'));
        return forwarder
                .get(owner, "/api/goals/" + enc(goalId) + "?plan=" + enc(plan), Views.GoalDetail.class)
                .progress();
    }

    /**
     * Asks every instance for its share (this one directly) and checks the shares cover each of the
     * {@code partitions} exactly once.
     */
    private <S> List<S> gather(
            Supplier<S> self, String path, Class<S> type, Function<S, Set<Integer>> partitionsOf, int partitions) {
        List<S> shares = new ArrayList<>();
        Map<Integer, Integer> answered = new TreeMap<>();
        for (GoalState.Instance instance : goals.instances()) {
            S share = instance.equals(goals.self()) ? self.get() : forwarder.get(instance, path, type);
            partitionsOf.apply(share).forEach(p -> answered.merge(p, 1, Integer::sum));
            shares.add(share);
        }
        Set<Integer> missing = new TreeSet<>();
        IntStream.range(0, partitions).filter(p -> !answered.containsKey(p)).forEach(missing::add);
        Set<Integer> twice = new TreeSet<>();
        answered.forEach((p, n) -> {
            if (n > 1) {
                twice.add(p);
            }
        });
        if (!missing.isEmpty() || !twice.isEmpty()) {
            throw new GoalState.StateUnavailableException(
                    "the answer would be incomplete: partitions " + (missing.isEmpty() ? "" : missing + " unowned")
                            + (twice.isEmpty() ? "" : " " + twice + " owned twice") + " right now (rebalancing)",
                    null);
        }
        return shares;
    }

    /** The latest figure of each plan day, oldest first. */
    static List<Views.HistoryPoint> daily(List<Views.GoalView> figures) {
        Map<LocalDate, Views.GoalView> byDay = new TreeMap<>();
        for (Views.GoalView g : figures) {
            byDay.put(PlanCalendar.dateOf(Instant.parse(g.asOf())), g);
        }
        return byDay.values().stream().map(TimeViews::point).toList();
    }

    static String key(GoalDefinition d) {
        return d.getPlanId() + "/" + d.getGoalId();
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
