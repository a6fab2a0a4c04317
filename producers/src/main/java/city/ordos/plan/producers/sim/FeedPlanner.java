package city.ordos.plan.producers.sim;

import city.ordos.plan.avro.Comparator;
import city.ordos.plan.avro.FeedSelector;
import city.ordos.plan.avro.GoalDefinition;
import city.ordos.plan.avro.GoalKind;
import city.ordos.plan.avro.InputStream;
import city.ordos.plan.avro.StatementType;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Reads the goal catalog and decides what the city's sources must add up to by year end so that
 * every goal gets data on the intended path (on track, or behind for the lagging ones).
 *
 * <p>Goals share events: the new-energy capacity goal, the clean-energy share of capacity and its
 * denominator all read {@code power.capacity}. So the plan works on <em>atoms</em> (stream, metric,
 * statement shape, one category): each selector covers a set of atoms, absolute goals fix the sum
 * over their atoms, share and intensity goals fix the ratio of two sums, and a small fixed-point
 * pass assigns every atom a year-end total that satisfies them all where the catalog allows it
 * (it reports a warning where it does not). Atoms nobody constrains get a plausible magnitude.
 */
public final class FeedPlanner {

    /** One kind of statement the sources make: stream, metric, shape and a single category (null = none). */
    public record AtomKey(InputStream stream, String metric, StatementType statement, String category)
            implements Comparable<AtomKey> {
        @Override
        public int compareTo(AtomKey o) {
            return toString().compareTo(o.toString());
        }

        @Override
        public String toString() {
            return stream + "/" + metric + "/" + statement + "/" + (category == null ? "-" : category);
        }
    }

    public enum Mode {
        /** Keeps pace all year. */
        NORMAL,
        /** Falls behind from June: later months deliver a fraction of their share. */
        UNDER,
        /** Runs over from June (a capped quantity grows too fast). */
        OVER
    }

    /**
     * What the sources of one atom state over the year.
     *
     * @param unit       the unit the totals are in (the unit of the first selector reading the atom)
     * @param yearEnd    for additive atoms: the year-end total on the normal path
     * @param rate       a non-additive value (a growth rate, a percentage, a coefficient): one source
     *                   states it, following {@code rateStart} towards {@code rateEnd}
     * @param pace       pace profile that spreads the total over the months
     * @param cadenceDays the shortest reporting cadence of the goals that read the atom
     * @param cadence    the reporting rhythm when a ratio needs both sides in step (null: from cadenceDays)
     * @param extraDelayDays days added to the report delay so one side of a ratio reports after the other
     * @param startShare  for a level: where its path starts, as a share of its year-end value (a goal
     *                    that builds up from its catalog start level; otherwise most of the way there)
     */
    public record AtomPlan(
            AtomKey key,
            String unit,
            double yearEnd,
            boolean rate,
            double rateStart,
            double rateEnd,
            String pace,
            int cadenceDays,
            Mode mode,
            boolean silent,
            SortedSet<String> goalIds,
            Cadence cadence,
            int extraDelayDays,
            double startShare) {}

    /** Where a level that does not build up from a stated start begins its year, as a share of its end. */
    static final double STOCK_START_SHARE = 0.91;

    public record Plan(
            List<AtomPlan> atoms, List<String> warnings, Set<String> laggingGoals, Set<String> silentGoals) {}

    private static final int LAG_FROM_MONTH = 6;

    private record GroupKey(InputStream stream, String metric, StatementType statement) {}

    /** A selector's atoms and, per atom, value_in_selector_unit = value_in_atom_unit x factor. */
    private record Side(Set<AtomKey> atoms, Map<AtomKey, Double> toSelector) {
        double factor(AtomKey a) {
            return toSelector.getOrDefault(a, 1.0);
        }
    }

    private record Absolute(String goalId, Side side, double total) {}

    private record Ratio(String goalId, Side num, Side den, double ratio) {}

    private final List<GoalDefinition> goals;
    private final Set<String> lagging;
    private final Set<String> silent;
    private final Map<AtomKey, String> atomUnits = new LinkedHashMap<>();
    private final Map<GroupKey, SortedSet<String>> groupCategories = new LinkedHashMap<>();
    private final Map<GroupKey, Boolean> groupHasAll = new LinkedHashMap<>();
    private final Map<AtomKey, Double> values = new LinkedHashMap<>();
    private final Map<AtomKey, SortedSet<String>> goalsOfAtom = new LinkedHashMap<>();
    private final Map<AtomKey, String> paceOfAtom = new LinkedHashMap<>();
    private final Map<AtomKey, Integer> cadenceOfAtom = new LinkedHashMap<>();
    private final Map<AtomKey, Double> startShareOfAtom = new LinkedHashMap<>();
    private final Map<AtomKey, Mode> modeOfAtom = new LinkedHashMap<>();
    private final Map<AtomKey, double[]> rateOfAtom = new LinkedHashMap<>();
    private final List<Absolute> absolutes = new ArrayList<>();
    private final List<Ratio> ratios = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private final Map<AtomKey, Cadence> cadenceOverride = new LinkedHashMap<>();
    private final Map<AtomKey, Integer> extraDelay = new LinkedHashMap<>();
    private final Map<String, Comparator> comparatorOfGoal = new LinkedHashMap<>();

    private FeedPlanner(List<GoalDefinition> goals, Set<String> lagging, Set<String> silent) {
        this.goals = goals.stream()
                .sorted((a, b) -> a.getGoalId().compareTo(b.getGoalId()))
                .toList();
        this.lagging = lagging;
        this.silent = silent;
    }

    public static Plan plan(ScenarioConfig config) {
        Set<String> lagging = config.scenario() == Scenario.LAGGING
                ? (config.laggingGoals().isEmpty() ? GoalChoice.lagging(config.goals()) : config.laggingGoals())
                : Set.of();
        Set<String> silent = config.scenario() == Scenario.DATA_GAP
                ? (config.silentGoals().isEmpty() ? GoalChoice.silent(config.goals()) : config.silentGoals())
                : Set.of();
        return new FeedPlanner(config.goals(), lagging, silent).solve();
    }

    private Plan solve() {
        for (GoalDefinition g : goals) {
            for (FeedSelector s : GoalChoice.selectors(g)) {
                declare(s);
            }
        }
        for (GoalDefinition g : goals) {
            constrain(g);
        }
        iterate();
        alignRatios();
        List<AtomPlan> atoms = new ArrayList<>();
        for (AtomKey atom : new TreeSet<>(goalsOfAtom.keySet())) {
            String unit = atomUnits.get(atom);
            double[] rate = rateOfAtom.get(atom);
            boolean isRate = rate != null;
            double total = isRate ? 0 : values.getOrDefault(atom, defaultMagnitude(atom.metric(), unit));
            if (unit == null) {
                unit = "";
            }
            Set<String> covering = goalsOfAtom.get(atom);
            boolean isSilent = covering.stream().anyMatch(silent::contains);
            atoms.add(new AtomPlan(
                    atom,
                    unit,
                    total,
                    isRate,
                    isRate ? rate[0] : 0,
                    isRate ? rate[1] : 0,
                    paceOfAtom.getOrDefault(atom, "LINEAR"),
                    cadenceOfAtom.getOrDefault(atom, 31),
                    modeOfAtom.getOrDefault(atom, Mode.NORMAL),
                    isSilent,
                    Collections.unmodifiableSortedSet(goalsOfAtom.get(atom)),
                    cadenceOverride.get(atom),
                    extraDelay.getOrDefault(atom, 0),
                    startShareOfAtom.getOrDefault(atom, STOCK_START_SHARE)));
        }
        return new Plan(List.copyOf(atoms), List.copyOf(warnings), Set.copyOf(lagging), Set.copyOf(silent));
    }

    // ---- declaring atoms -------------------------------------------------------------------

    private static GroupKey group(FeedSelector s) {
        return new GroupKey(s.getStream(), s.getMetric(), s.getStatement());
    }

    private static List<String> categories(FeedSelector s) {
        return s.getStream() == InputStream.STATISTICS ? List.of() : s.getCategories();
    }

    private void declare(FeedSelector s) {
        GroupKey g = group(s);
        groupCategories.computeIfAbsent(g, k -> new TreeSet<>()).addAll(categories(s));
        if (categories(s).isEmpty()) {
            groupHasAll.put(g, true);
        }
    }

    /** The category that stands for "everything no selector names" in a group read as a whole. */
    static String residualCategory(InputStream stream, String metric, Set<String> named) {
        String preferred = switch (stream) {
            case INVESTMENT -> "OTHER_FIXED_ASSET";
            case ENERGY -> metric.startsWith("power.") ? "THERMAL_POWER" : "COAL";
            case ENVIRONMENT, STATISTICS -> null;
        };
        if (preferred == null) {
            return null;
        }
        return named.contains(preferred) ? "OTHER" : preferred;
    }

    private Set<AtomKey> atomsOf(FeedSelector s) {
        GroupKey g = group(s);
        SortedSet<String> named = groupCategories.get(g);
        Set<AtomKey> out = new LinkedHashSet<>();
        List<String> cats = categories(s);
        if (!cats.isEmpty()) {
            for (String c : cats) {
                out.add(new AtomKey(g.stream, g.metric, g.statement, c));
            }
            return out;
        }
        if (g.stream == InputStream.STATISTICS) {
            out.add(new AtomKey(g.stream, g.metric, g.statement, null));
            return out;
        }
        for (String c : named) {
            out.add(new AtomKey(g.stream, g.metric, g.statement, c));
        }
        String residual = residualCategory(g.stream, g.metric, named);
        if (residual != null || g.stream == InputStream.ENVIRONMENT) {
            out.add(new AtomKey(g.stream, g.metric, g.statement, residual));
        }
        return out;
    }

    /**
     * The atoms of a selector with their conversion into the selector's unit. An atom's unit is the
     * unit of the first selector that reads it (goals sharing an atom state it in units of the same
     * dimension, e.g. 亿元 and 万元).
     */
    private Side side(FeedSelector s, String goalId) {
        Set<AtomKey> atoms = atomsOf(s);
        Map<AtomKey, Double> factors = new LinkedHashMap<>();
        for (AtomKey a : atoms) {
            String unit = atomUnits.computeIfAbsent(a, k -> s.getUnit());
            factors.put(
                    a,
                    Magnitudes.factor(unit, s.getUnit())
                            .map(BigDecimal::doubleValue)
                            .orElseGet(() -> {
                                warnings.add(
                                        goalId + ": selector unit " + s.getUnit() + " cannot be converted from unit "
                                                + unit + " in which another goal reads " + a);
                                return 1.0;
                            }));
        }
        return new Side(atoms, factors);
    }

    private double targetInSelectorUnit(GoalDefinition g, double value, FeedSelector s) {
        return value
                * Magnitudes.factor(g.getUnit(), s.getUnit())
                        .map(BigDecimal::doubleValue)
                        .orElseGet(() -> {
                            if (!Magnitudes.isRate(g.getUnit()) || !Magnitudes.isRate(s.getUnit())) {
                                warnings.add(g.getGoalId() + ": goal unit " + g.getUnit()
                                        + " is not a magnitude of feed unit " + s.getUnit()
                                        + "; the target is used as is");
                            }
                            return 1.0;
                        });
    }

    private void cover(GoalDefinition g, Set<AtomKey> atoms, boolean drivesMode) {
        boolean behind = lagging.contains(g.getGoalId());
        Mode mode = !behind || !drivesMode
                ? Mode.NORMAL
                : (g.getComparator() == Comparator.AT_MOST ? Mode.OVER : Mode.UNDER);
        for (AtomKey a : atoms) {
            goalsOfAtom.computeIfAbsent(a, k -> new TreeSet<>()).add(g.getGoalId());
            paceOfAtom.putIfAbsent(a, g.getPace() == null ? "LINEAR" : g.getPace());
            cadenceOfAtom.merge(a, g.getCadenceDays(), Math::min);
            if (drivesMode && g.getStartLevel() != null && g.getTarget().signum() > 0) {
                // the catalog says where the level stood on 1 January: the data climbs from there
                startShareOfAtom.putIfAbsent(
                        a, g.getStartLevel().doubleValue() / g.getTarget().doubleValue());
            }
            if (mode != Mode.NORMAL) {
                modeOfAtom.put(a, mode);
            }
        }
    }

    // ---- constraints -----------------------------------------------------------------------

    private void constrain(GoalDefinition g) {
        comparatorOfGoal.put(g.getGoalId(), g.getComparator());
        double target = g.getTarget().doubleValue();
        boolean behind = lagging.contains(g.getGoalId());
        if (g.getKind() == GoalKind.SHARE || g.getKind() == GoalKind.INTENSITY_CAP) {
            if (g.getNumerator() == null || g.getDenominator() == null) {
                warnings.add(g.getGoalId() + ": share without numerator or denominator");
                return;
            }
            Side num = side(g.getNumerator(), g.getGoalId());
            Side den = side(g.getDenominator(), g.getGoalId());
            cover(g, num.atoms(), true);
            cover(g, den.atoms(), false);
            double scale = g.getRatioScale() == null ? 1.0 : g.getRatioScale().doubleValue();
            double value = onTrackValue(g, target);
            ratios.add(new Ratio(g.getGoalId(), num, den, value / scale));
            return;
        }
        FeedSelector feed = g.getFeed();
        if (feed == null) {
            warnings.add(g.getGoalId() + ": no feed selector");
            return;
        }
        Side feedSide = side(feed, g.getGoalId());
        Set<AtomKey> atoms = feedSide.atoms();
        cover(g, atoms, true);
        boolean rateFeed = Magnitudes.isRate(feed.getUnit());
        if (g.getKind() == GoalKind.GROWTH && g.getBaseline2024() == null || rateFeed) {
            double start;
            double end;
            if (g.getKind() == GoalKind.GROWTH) {
                start = onTrackGrowth(g, target);
                end = behind ? laggingGrowth(g, target) : start;
            } else {
                start = onTrackValue(g, target);
                end = behind ? (g.getComparator() == Comparator.AT_MOST ? target * 1.12 : target * 0.85) : start;
            }
            double startInFeed = targetInSelectorUnit(g, start, feed);
            double endInFeed = targetInSelectorUnit(g, end, feed);
            for (AtomKey a : atoms) {
                rateOfAtom.putIfAbsent(a, new double[] {startInFeed, endInFeed});
            }
            return;
        }
        double total;
        if (g.getKind() == GoalKind.GROWTH) {
            double growth = onTrackGrowth(g, target);
            total = g.getBaseline2024().doubleValue() * (1 + growth / 100.0);
        } else {
            total = targetInSelectorUnit(g, onTrackValue(g, target), feed);
        }
        absolutes.add(new Absolute(g.getGoalId(), feedSide, total));
    }

    /** Where an on-track goal ends the year, in the goal's unit. */
    static double onTrackValue(GoalDefinition g, double target) {
        boolean percent = "%".equals(g.getUnit()) && target <= 100 && target > 0;
        double tol = g.getTolerance() == null ? 0 : g.getTolerance().doubleValue();
        return switch (g.getComparator()) {
            case AT_MOST -> target * 0.94;
            case ABOUT -> target + (tol > 0 ? tol * 0.25 : target * 0.005);
            case HOLD_AT -> tol > 0 ? target + tol * 0.25 : target * 1.02;
            // a count to reach is of a closed list (the 433 listed projects, the 7 county medical
            // communities): on track reaches it, and there is no 459th of 433
            case REACH ->
                percent
                        ? Math.min(target * 1.06, target + (100 - target) * 0.3)
                        : CityLayout.scaleFor(g.getUnit()) == 0 ? target : target * 1.06;
            case AT_LEAST -> percent ? Math.min(target * 1.06, target + (100 - target) * 0.3) : target * 1.06;
        };
    }

    static double onTrackGrowth(GoalDefinition g, double target) {
        double tol = g.getTolerance() == null ? 0 : g.getTolerance().doubleValue();
        return switch (g.getComparator()) {
            case AT_MOST -> target - 0.5;
            case ABOUT, HOLD_AT -> target + (tol > 0 ? tol * 0.25 : 0.1);
            case AT_LEAST, REACH -> target + 0.6;
        };
    }

    static double laggingGrowth(GoalDefinition g, double target) {
        double tol = g.getTolerance() == null ? 0 : g.getTolerance().doubleValue();
        double drop = Math.max(2.5, 3 * tol);
        return g.getComparator() == Comparator.AT_MOST ? target + drop : target - drop;
    }

    // ---- solving ---------------------------------------------------------------------------

    private void iterate() {
        boolean progress = true;
        while (progress) {
            progress = false;
            for (Absolute a : absolutes) {
                progress |= apply(a);
            }
            for (Ratio r : ratios) {
                progress |= apply(r, false);
            }
            if (!progress) {
                for (Ratio r : ratios) {
                    if (apply(r, true)) {
                        progress = true;
                        break;
                    }
                }
            }
        }
    }

    /**
     * A ratio of two sums moves whenever one side reports: with a monthly numerator over a quarterly
     * denominator (water use per GDP) the ratio would jump for two months of every quarter. Where
     * the goals allow it, both sides report in the rhythm of the slower one, and the side whose early
     * arrival would make the ratio look worse than it is reports a few days after the other.
     */
    private void alignRatios() {
        for (Ratio r : ratios) {
            Set<AtomKey> all = new LinkedHashSet<>(r.num.atoms());
            all.addAll(r.den.atoms());
            Cadence coarse = null;
            for (AtomKey a : all) {
                if (a.stream() == InputStream.STATISTICS || rateOfAtom.containsKey(a)) {
                    Cadence c = Cadence.forGoal(cadenceOfAtom.getOrDefault(a, 31), true);
                    if (coarse == null || c.periodDays() > coarse.periodDays()) {
                        coarse = c;
                    }
                }
            }
            if (coarse == null || coarse.periodDays() < 28) {
                continue;
            }
            Cadence target = coarse;
            int lag = target.maxDelayDays(Integer.MAX_VALUE / 2) + 2;
            // reports keep one period apart whatever their delay, so a goal stays fresh if its
            // cadence exceeds the period
            boolean fits = all.stream().allMatch(a -> cadenceOfAtom.getOrDefault(a, 31) >= target.periodDays() + 3);
            if (!fits) {
                continue;
            }
            all.forEach(a -> cadenceOverride.put(a, target));
            boolean lowerIsBetter = comparatorOfGoal.get(r.goalId) == Comparator.AT_MOST;
            Set<AtomKey> later = new LinkedHashSet<>(lowerIsBetter ? r.num.atoms() : r.den.atoms());
            if (!lowerIsBetter) {
                later.removeAll(r.num.atoms());
            }
            later.forEach(a -> extraDelay.merge(a, lag, Math::max));
        }
    }

    private Set<AtomKey> unassigned(Set<AtomKey> atoms) {
        Set<AtomKey> out = new LinkedHashSet<>();
        for (AtomKey a : atoms) {
            if (!values.containsKey(a) && !rateOfAtom.containsKey(a)) {
                out.add(a);
            }
        }
        return out;
    }

    /** Sum of the assigned atoms of a side, in the side's selector unit. */
    private double assigned(Side side) {
        return side.atoms().stream()
                .mapToDouble(a -> values.getOrDefault(a, 0.0) * side.factor(a))
                .sum();
    }

    private static double weight(AtomKey a) {
        return 1.0 + Math.floorMod(a.toString().hashCode(), 60) / 100.0;
    }

    /** Spreads {@code total} (in the side's selector unit) over the open atoms by their weights. */
    private void distribute(Side side, Set<AtomKey> open, double total) {
        double sum = open.stream().mapToDouble(FeedPlanner::weight).sum();
        for (AtomKey a : open) {
            values.put(a, total * weight(a) / sum / side.factor(a));
        }
    }

    private double defaultFor(Set<AtomKey> atoms) {
        AtomKey any = atoms.iterator().next();
        return defaultMagnitude(any.metric(), atomUnits.get(any));
    }

    private boolean apply(Absolute a) {
        Set<AtomKey> open = unassigned(a.side().atoms());
        if (open.isEmpty()) {
            return false;
        }
        double rest = a.total - assigned(a.side());
        if (rest <= 0) {
            warnings.add(a.goalId + ": other goals already account for more than its total; its own categories get 1%");
            rest = a.total * 0.01;
        }
        distribute(a.side(), open, rest);
        return true;
    }

    private boolean apply(Ratio r, boolean seed) {
        Set<AtomKey> openNum = unassigned(r.num().atoms());
        Set<AtomKey> openDen = unassigned(r.den().atoms());
        if (openNum.isEmpty() && openDen.isEmpty()) {
            return false;
        }
        double an = assigned(r.num());
        double ad = assigned(r.den());
        if (openNum.isEmpty()) {
            distributeChecked(r, r.den(), openDen, an / r.ratio() - ad, ad);
            return true;
        }
        if (seed && an > 0 && r.den().atoms().containsAll(openNum) && !openNum.containsAll(openDen)) {
            // part of the numerator is fixed by other goals (wind and solar by the capacity goal): the
            // rest of it (hydro, biomass) gets a small share, and the denominator's own part follows
            distribute(r.num(), openNum, 0.05 * an);
            return true;
        }
        if (openNum.containsAll(openDen)) {
            if (an == 0 && ad == 0) {
                if (!seed) {
                    return false;
                }
                distribute(r.num(), openNum, defaultFor(openNum));
                return true;
            }
            // the open atoms take x (numerator units); the share of x that also lies in the denominator
            // counts there converted: an + x = ratio * (ad + k x)
            double w = openNum.stream().mapToDouble(FeedPlanner::weight).sum();
            double k = 0;
            for (AtomKey a : openDen) {
                k += weight(a) / w * r.den().factor(a) / r.num().factor(a);
            }
            double divisor = 1 - r.ratio() * k;
            if (Math.abs(divisor) < 1e-12) {
                if (!seed) {
                    return false;
                }
                // a share of 100% with nothing outside the numerator: any size satisfies it
                distribute(r.num(), openNum, defaultFor(openNum));
                return true;
            }
            distributeChecked(r, r.num(), openNum, (r.ratio() * ad - an) / divisor, an);
            return true;
        }
        if (!seed) {
            return false;
        }
        Set<AtomKey> denOnly = new LinkedHashSet<>(openDen);
        denOnly.removeAll(r.num().atoms());
        boolean nested = r.den().atoms().containsAll(r.num().atoms());
        // what lies outside the numerator is (1 - share) of the whole when the numerator is part of it
        double size = defaultFor(denOnly) * (nested ? Math.max(0.0, 1 - Math.min(r.ratio(), 1.0)) : 1.0);
        distribute(r.den(), denOnly, size);
        return true;
    }

    private void distributeChecked(Ratio r, Side side, Set<AtomKey> open, double total, double reference) {
        if (Math.abs(total) <= 1e-9 * Math.max(1.0, Math.abs(reference))) {
            distribute(side, open, 0.0); // a share of exactly 100%: nothing left outside the numerator
            return;
        }
        if (total < 0) {
            warnings.add(r.goalId + ": other goals fix its numerator and denominator so that its ratio cannot be met");
            total = Math.max(reference, 1.0) * 0.01;
        }
        distribute(side, open, total);
    }

    /** A plausible year-end size for a quantity nobody's target fixes. */
    static double defaultMagnitude(String metric, String unit) {
        record Typical(String metricPart, double value, String unit) {}
        List<Typical> table = List.of(
                new Typical("gdp", 6500, "亿元"),
                new Typical("power.capacity", 7000, "万千瓦"),
                new Typical("power.generation", 2600, "亿千瓦时"),
                new Typical("water", 16, "亿立方米"),
                new Typical("value_added", 3000, "亿元"),
                new Typical("investment", 2500, "亿元"));
        for (Typical t : table) {
            if (metric.contains(t.metricPart) && unit != null) {
                var f = Magnitudes.factor(t.unit, unit);
                if (f.isPresent()) {
                    return t.value * f.get().doubleValue();
                }
            }
        }
        return 1000;
    }

    static int lagFromMonth() {
        return LAG_FROM_MONTH;
    }
}
