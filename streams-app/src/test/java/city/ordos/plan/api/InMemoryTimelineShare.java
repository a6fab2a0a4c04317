package city.ordos.plan.api;

import city.ordos.plan.avro.DayDelta;
import city.ordos.plan.avro.GoalProgress;
import city.ordos.plan.timetravel.DailyTotals;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

/** One instance holding one partition of each side in maps: for tests of the HTTP layer alone. */
final class InMemoryTimelineShare implements TimelineShare {

    /** goal -> day -> delta. */
    final Map<String, NavigableMap<LocalDate, DailyTotals.Totals>> days = new TreeMap<>();
    /** goal -> sources standing (the same for every date: enough for the HTTP layer). */
    final Map<String, List<SourceView>> sources = new TreeMap<>();

    final Map<String, List<RestatementView>> restatements = new TreeMap<>();
    /** goal -> asOf -> figure shown. */
    final Map<String, NavigableMap<Instant, GoalProgress>> shown = new TreeMap<>();

    void delta(String goal, LocalDate day, DayDelta d) {
        days.computeIfAbsent(goal, g -> new TreeMap<>())
                .merge(day, DailyTotals.Totals.NONE.plus(d), DailyTotals.Totals::plus);
    }

    void shown(GoalProgress p) {
        shown.computeIfAbsent(p.getPlanId() + "/" + p.getGoalId(), g -> new TreeMap<>())
                .put(p.getAsOf(), p);
    }

    @Override
    public TotalsShare totalsThrough(LocalDate date) {
        Map<String, DailyTotals.Totals> out = new TreeMap<>();
        days.forEach((goal, byDay) ->
                byDay.headMap(date, true).values().forEach(t -> out.merge(goal, t, DailyTotals.Totals::plus)));
        return new TotalsShare(Set.of(0), out);
    }

    @Override
    public DaysShare days(String goalKey, LocalDate through) {
        Map<String, DailyTotals.Totals> out = new TreeMap<>();
        days.getOrDefault(goalKey, new TreeMap<>())
                .headMap(through, true)
                .forEach((day, t) -> out.put(day.toString(), t));
        return new DaysShare(Set.of(0), out);
    }

    @Override
    public AllDaysShare allDays(LocalDate through) {
        Map<String, Map<String, DailyTotals.Totals>> out = new TreeMap<>();
        days.keySet().forEach(goal -> out.put(goal, days(goal, through).days()));
        return new AllDaysShare(Set.of(0), out);
    }

    @Override
    public SourcesShare sources(String goalKey, LocalDate date) {
        return new SourcesShare(Set.of(0), sources.getOrDefault(goalKey, List.of()));
    }

    @Override
    public RestatementsShare restatements(String goalKey) {
        return new RestatementsShare(Set.of(0), restatements.getOrDefault(goalKey, List.of()));
    }

    @Override
    public ShownShare shown(Collection<String> goalKeys, Instant knownAt) {
        Map<String, Views.GoalView> out = new TreeMap<>();
        for (String key : goalKeys) {
            var byTime = shown.get(key);
            var entry = byTime == null ? null : byTime.floorEntry(knownAt);
            if (entry != null) {
                out.put(key, Views.GoalView.of(entry.getValue()));
            }
        }
        return new ShownShare(Set.of(0), out);
    }

    @Override
    public ShownSeriesShare shownSeries(String goalKey, Instant from, Instant to) {
        List<Views.GoalView> out = new ArrayList<>();
        var byTime = shown.getOrDefault(goalKey, new TreeMap<>());
        var start = byTime.floorKey(from);
        byTime.subMap(start == null ? from : start, true, to, true)
                .values()
                .forEach(p -> out.add(Views.GoalView.of(p)));
        return new ShownSeriesShare(Set.of(0), out);
    }
}
