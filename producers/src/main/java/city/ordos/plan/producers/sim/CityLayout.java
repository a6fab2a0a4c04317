package city.ordos.plan.producers.sim;

import city.ordos.plan.avro.County;
import city.ordos.plan.avro.InputStream;
import city.ordos.plan.avro.StatementType;
import city.ordos.plan.producers.StatisticsSeries;
import city.ordos.plan.producers.sim.FeedPlanner.AtomPlan;
import city.ordos.plan.producers.sim.FeedPlanner.Mode;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Who in the city reports each atom: the 433 municipal major projects and the wider fixed-asset
 * base for investment, the Sulige, Daniudi and Dongsheng gas fields, coal mines, wind and solar
 * plants coming on line, generation meters, county bureaus and statistics series. Every source's
 * year-end share is drawn from the seed, and the shares of an atom add up to the atom's planned
 * total, so the city-level aggregates follow the plan while each source looks like itself.
 */
final class CityLayout {

    private static final County[] COUNTIES = County.values();
    /** Where investment happens: the big industrial banners carry most of it. */
    private static final double[] INVESTMENT_BY_COUNTY = {0.12, 0.06, 0.11, 0.20, 0.06, 0.10, 0.08, 0.10, 0.17};

    private static final String[] SECTORS = {
        "ENERGY", "INDUSTRY", "MANUFACTURING", "INFRASTRUCTURE", "SOCIAL", "ECOLOGY", "REAL_ESTATE"
    };
    private static final double[] MAJOR_SECTOR_WEIGHTS = {0.25, 0.22, 0.15, 0.18, 0.08, 0.07, 0.05};
    private static final double[] OTHER_SECTOR_WEIGHTS = {0.12, 0.15, 0.12, 0.22, 0.14, 0.05, 0.20};

    private record Share(
            String sourceId, County county, SourceDetails details, double weight, String unit, LocalDate firstAsOf) {}

    private final ScenarioConfig config;
    private final int year;

    CityLayout(ScenarioConfig config) {
        this.config = config;
        this.year = config.planYear();
    }

    List<SimSource> sourcesFor(AtomPlan atom, int meters) {
        List<Share> shares = shares(atom, meters);
        return build(atom, shares);
    }

    // ---- who reports ----------------------------------------------------------------------

    private List<Share> shares(AtomPlan atom, int meters) {
        FeedPlanner.AtomKey k = atom.key();
        String cat = k.category();
        if (atom.rate() || k.stream() == InputStream.STATISTICS) {
            return new ArrayList<>(List.of(citySeries(atom)));
        }
        switch (k.stream()) {
            case INVESTMENT:
                if ("investment.completed".equals(k.metric()) && "MUNICIPAL_MAJOR".equals(cat)) {
                    return projects(atom, "MAJOR", "ORD-ZD-%03d", config.majorProjects(), MAJOR_SECTOR_WEIGHTS, 0.15);
                }
                if ("investment.completed".equals(k.metric()) && "OTHER_FIXED_ASSET".equals(cat)) {
                    return projects(atom, "OTHER", "ORD-GT-%05d", config.otherProjects(), OTHER_SECTOR_WEIGHTS, 0.8);
                }
                return projects(
                        atom,
                        "GEN-" + cat,
                        "ORD-" + slug(k.metric()) + "-" + slug(cat) + "-%03d",
                        12,
                        OTHER_SECTOR_WEIGHTS,
                        0.3);
            case ENERGY:
                if ("energy.output".equals(k.metric()) && "NATURAL_GAS".equals(cat)) {
                    return gasFields(atom);
                }
                if ("energy.output".equals(k.metric()) && "COAL".equals(cat)) {
                    return coalMines(atom);
                }
                if ("power.capacity".equals(k.metric())) {
                    return plants(atom, cat, plantCount(cat), true, 0);
                }
                if ("power.generation".equals(k.metric())) {
                    return plants(atom, cat, plantCount(cat), false, meters);
                }
                return facilities(atom, cat, 6, meters);
            case ENVIRONMENT:
            default:
                return countyBureaus(atom);
        }
    }

    /** Ordos is wind, solar and coal power country; hydro and biomass are a handful of small plants. */
    private static int plantCount(String category) {
        return switch (category == null ? "" : category) {
            case "WIND", "SOLAR" -> 24;
            case "THERMAL_POWER", "COAL" -> 16;
            default -> 4;
        };
    }

    private Share citySeries(AtomPlan atom) {
        FeedPlanner.AtomKey k = atom.key();
        SourceDetails details = switch (k.stream()) {
            case STATISTICS -> statisticsDetails(k.metric());
            case INVESTMENT ->
                new SourceDetails.Investment(
                        "ORD-CITY-" + slug(k.metric()),
                        "全市" + k.metric(),
                        k.category() == null ? "OTHER_FIXED_ASSET" : k.category(),
                        "INFRASTRUCTURE");
            case ENERGY ->
                new SourceDetails.Energy("CITY-" + slug(k.metric()), k.category() == null ? "OTHER" : k.category());
            case ENVIRONMENT -> new SourceDetails.Environment(k.category());
        };
        String id = switch (k.stream()) {
            case STATISTICS -> StatisticsSeries.sourceId(k.metric());
            default ->
                prefix(k.stream()) + "-" + k.metric() + (k.category() == null ? "" : "-" + k.category()) + "-CITY";
        };
        return new Share(id, null, details, 1.0, atom.unit(), null);
    }

    static SourceDetails.Statistics statisticsDetails(String metric) {
        return new SourceDetails.Statistics(StatisticsSeries.indicator(metric), StatisticsSeries.measure(metric));
    }

    private List<Share> projects(
            AtomPlan atom, String salt, String idFormat, int count, double[] sectorWeights, double smallUnitShare) {
        List<Share> out = new ArrayList<>();
        String small = Magnitudes.smallerUnit(atom.unit()).orElse(atom.unit());
        for (int i = 1; i <= Math.max(1, count); i++) {
            SplittableRandom r = Seeds.random(config.seed(), salt + "|" + atom.key() + "|" + i);
            County county = COUNTIES[pick(r, INVESTMENT_BY_COUNTY)];
            String sector = SECTORS[pick(r, sectorWeights)];
            String id = String.format(Locale.ROOT, idFormat, i);
            String name = ProjectNames.name(county, sector, r);
            double size = Math.exp(0.9 * r.nextGaussian());
            String unit = r.nextDouble() < smallUnitShare ? small : atom.unit();
            out.add(new Share(
                    id,
                    county,
                    new SourceDetails.Investment(id, name, atom.key().category(), sector),
                    size,
                    unit,
                    null));
        }
        return out;
    }

    private List<Share> gasFields(AtomPlan atom) {
        record Field(String facility, County county, double share) {}
        List<Field> fields = List.of(
                new Field("GAS-SULIGE", County.WUSHEN, 0.34),
                new Field("GAS-SULIGE", County.ETUOKE, 0.17),
                new Field("GAS-SULIGE", County.ETUOKEQIAN, 0.10),
                new Field("GAS-DANIUDI", County.YIJINHUOLUO, 0.10),
                new Field("GAS-DANIUDI", County.WUSHEN, 0.07),
                new Field("GAS-DONGSHENG", County.HANGJIN, 0.14),
                new Field("GAS-OTHER", County.DALATE, 0.04),
                new Field("GAS-OTHER", County.ZHUNGEER, 0.04));
        List<Share> out = new ArrayList<>();
        for (Field f : fields) {
            out.add(new Share(
                    f.facility + "-" + f.county,
                    f.county,
                    new SourceDetails.Energy(f.facility, "NATURAL_GAS"),
                    f.share,
                    atom.unit(),
                    null));
        }
        return out;
    }

    private List<Share> coalMines(AtomPlan atom) {
        double[] byCounty = {0.08, 0.0, 0.07, 0.38, 0.03, 0.05, 0.02, 0.07, 0.30};
        List<Share> out = new ArrayList<>();
        for (int i = 1; i <= 24; i++) {
            SplittableRandom r = Seeds.random(config.seed(), "coal|" + atom.key() + "|" + i);
            County county = COUNTIES[pick(r, byCounty)];
            String facility = String.format(Locale.ROOT, "COAL-%s-%02d", county, i);
            out.add(new Share(
                    facility,
                    county,
                    new SourceDetails.Energy(facility, atom.key().category()),
                    0.5 + r.nextDouble(),
                    atom.unit(),
                    null));
        }
        return out;
    }

    /**
     * Power plants of one energy source. For capacity, 70% of the year-end level stands on
     * 1 January; the rest comes from new plants that start reporting on the day they come on line
     * (the steps of the capacity curve). In a lagging year the plants due from June slip into 2026.
     */
    private List<Share> plants(AtomPlan atom, String category, int count, boolean capacity, int meters) {
        String cat = category == null ? "OTHER" : category;
        double[] byCounty = "WIND".equals(cat) || "SOLAR".equals(cat)
                ? new double[] {0.02, 0.01, 0.12, 0.15, 0.15, 0.17, 0.22, 0.12, 0.04}
                : new double[] {0.10, 0.02, 0.15, 0.30, 0.05, 0.10, 0.05, 0.08, 0.15};
        List<Share> out = new ArrayList<>();
        // the app expects a level goal's target all year: a plan that is on track stands near it in
        // January already (existing plants) and passes it as new plants come on line
        double existing = 0.91;
        int newPlants = capacity ? Math.max(1, count / 3) : 0;
        for (int i = 1; i <= count; i++) {
            SplittableRandom r = Seeds.random(config.seed(), "plant|" + atom.key() + "|" + i);
            County county = COUNTIES[pick(r, byCounty)];
            String facility = String.format(Locale.ROOT, "%s-%s-%02d", cat, county, i);
            String sourceId = capacity ? facility : "MTR-" + facility;
            boolean isNew = i > count - newPlants;
            double weight =
                    (0.5 + r.nextDouble()) * (isNew ? (1 - existing) / newPlants : existing / (count - newPlants));
            LocalDate online = null;
            if (isNew) {
                online = LocalDate.of(year, 3, 1).plusDays(r.nextInt(275));
                if (atom.mode() == Mode.UNDER && online.getMonthValue() >= FeedPlanner.lagFromMonth()) {
                    online = LocalDate.of(year + 1, 3, 1);
                }
            }
            out.add(new Share(sourceId, county, new SourceDetails.Energy(facility, cat), weight, atom.unit(), online));
        }
        normalise(out);
        if (meters > 0) {
            scale(out, 0.5);
            out.addAll(meterShares(atom, cat, meters, 0.5));
        }
        return out;
    }

    private List<Share> facilities(AtomPlan atom, String category, int count, int meters) {
        String cat = category == null ? "OTHER" : category;
        List<Share> out = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            SplittableRandom r = Seeds.random(config.seed(), "facility|" + atom.key() + "|" + i);
            County county = COUNTIES[r.nextInt(COUNTIES.length)];
            String facility = String.format(
                    Locale.ROOT, "%s-%s-%s-%02d", cat, slug(atom.key().metric()), county, i);
            out.add(new Share(
                    facility,
                    county,
                    new SourceDetails.Energy(facility, cat),
                    0.5 + r.nextDouble(),
                    atom.unit(),
                    null));
        }
        normalise(out);
        if (meters > 0) {
            scale(out, 0.5);
            out.addAll(meterShares(atom, cat, meters, 0.5));
        }
        return out;
    }

    private List<Share> meterShares(AtomPlan atom, String cat, int meters, double total) {
        List<Share> out = new ArrayList<>(meters);
        for (int i = 1; i <= meters; i++) {
            County county = COUNTIES[(int) Math.floorMod(Seeds.hash(config.seed(), "meter|" + cat + "|" + i), 9L)];
            String id = String.format(Locale.ROOT, "MTR-%s-%06d", cat, i);
            out.add(new Share(id, county, new SourceDetails.Energy(id, cat), total / meters, atom.unit(), null));
        }
        return out;
    }

    private List<Share> countyBureaus(AtomPlan atom) {
        FeedPlanner.AtomKey k = atom.key();
        List<Share> out = new ArrayList<>();
        for (County c : COUNTIES) {
            SplittableRandom r = Seeds.random(config.seed(), "bureau|" + k + "|" + c);
            String id = "ENV-" + k.metric() + (k.category() == null ? "" : "-" + k.category()) + "-" + c;
            out.add(new Share(
                    id, c, new SourceDetails.Environment(k.category()), 0.4 + r.nextDouble(), atom.unit(), null));
        }
        return out;
    }

    /** An on-track level that builds up, stated {@code days} ahead of its path ({@link ValuePath.Ahead}). */
    private static ValuePath ahead(AtomPlan atom, ValuePath path, int days) {
        boolean buildsUp = atom.key().statement() == StatementType.LEVEL
                && atom.startShare() < FeedPlanner.STOCK_START_SHARE
                && atom.mode() == Mode.NORMAL;
        return buildsUp ? new ValuePath.Ahead(path, days) : path;
    }

    /**
     * The number of things when a count the county bureaus report is a few whole things each in one
     * county (8 groundwater areas over 9 counties), 0 otherwise. Split by fractions, every bureau
     * rounded its 0.9 of an area up and the city counted 9 of 8 areas from January.
     */
    private static long fewWholeUnits(AtomPlan atom, int sources) {
        long units = Math.round(atom.yearEnd());
        boolean few = atom.key().stream() == InputStream.ENVIRONMENT
                && !atom.rate()
                && scaleFor(atom.unit()) == 0
                && units > 0
                && units < FEW_UNITS_PER_SOURCE * (long) sources;
        return few ? units : 0;
    }

    /**
     * Deals {@code units} whole things to the sources by their weights (largest remainder); a source
     * that gets none does not report the count. Each share's weight is then its things / units.
     */
    private static List<Share> wholeUnits(List<Share> shares, long units) {
        normalise(shares);
        long[] given = new long[shares.size()];
        double[] remainder = new double[shares.size()];
        long left = units;
        for (int i = 0; i < shares.size(); i++) {
            double exact = shares.get(i).weight() * units;
            given[i] = (long) Math.floor(exact);
            remainder[i] = exact - given[i];
            left -= given[i];
        }
        while (left > 0) {
            int best = 0;
            for (int i = 1; i < remainder.length; i++) {
                if (remainder[i] > remainder[best]) {
                    best = i;
                }
            }
            given[best]++;
            remainder[best] = -1;
            left--;
        }
        List<Share> out = new ArrayList<>();
        for (int i = 0; i < shares.size(); i++) {
            Share s = shares.get(i);
            if (given[i] > 0) {
                out.add(new Share(s.sourceId, s.county, s.details, (double) given[i] / units, s.unit, s.firstAsOf));
            }
        }
        return out;
    }

    // ---- how they report ------------------------------------------------------------------

    private List<SimSource> build(AtomPlan atom, List<Share> dealt) {
        FeedPlanner.AtomKey k = atom.key();
        long wholeUnits = fewWholeUnits(atom, dealt.size());
        List<Share> shares = wholeUnits > 0 ? wholeUnits(dealt, wholeUnits) : dealt;
        normalise(shares);
        long dealtBefore = 0;
        boolean single = shares.size() == 1;
        Cadence regular = atom.cadence() != null ? atom.cadence() : Cadence.forGoal(atom.cadenceDays(), single);
        int maxDelay = atom.cadence() != null
                ? regular.maxDelayDays(Integer.MAX_VALUE / 2)
                : regular.maxDelayDays(atom.cadenceDays());
        // the city's path of a count dealt out whole, which the sources take up thing by thing
        ValuePath city = wholeUnits > 0
                ? ahead(
                        atom,
                        path(atom, 1.0, Seeds.random(config.seed(), "city|" + k), "CITY|" + k, 1),
                        regular.periodDays() + maxDelay)
                : null;
        LocalDate silentFrom = atom.silent() ? LocalDate.of(year, 6, 30) : null;
        List<SimSource> out = new ArrayList<>(shares.size());
        for (Share s : shares) {
            SplittableRandom r = Seeds.random(config.seed(), "source|" + k + "|" + s.sourceId);
            boolean meter = s.sourceId.startsWith("MTR-") && s.sourceId.matches("MTR-[A-Z_]+-\\d{6}");
            Cadence cadence = meter ? Cadence.DAILY : regular;
            int delay = (meter ? 1 : single ? maxDelay : 1 + r.nextInt(maxDelay)) + atom.extraDelayDays();
            int minute = meter ? r.nextInt(180) : 8 * 60 + 30 + r.nextInt(10 * 60);
            double toUnit = Magnitudes.factor(atom.unit(), s.unit)
                    .map(BigDecimal::doubleValue)
                    .orElse(1.0);
            String unit = Magnitudes.factor(atom.unit(), s.unit).isPresent() ? s.unit : atom.unit();
            ValuePath path;
            if (city != null) {
                long mine = Math.round(s.weight * wholeUnits);
                path = new ValuePath.WholeUnits(city, dealtBefore, mine);
                dealtBefore += mine;
            } else {
                path = ahead(atom, path(atom, s.weight, r, s.sourceId, shares.size()), cadence.periodDays() + delay);
            }
            out.add(new SimSource(
                    s.sourceId,
                    k.stream(),
                    k.metric(),
                    k.statement(),
                    s.county,
                    s.details,
                    unit,
                    toUnit,
                    scaleFor(unit),
                    cadence,
                    delay,
                    minute,
                    path,
                    s.firstAsOf,
                    silentFrom));
        }
        return out;
    }

    private ValuePath path(AtomPlan atom, double weight, SplittableRandom r, String name, int sourceCount) {
        if (atom.rate()) {
            double wobble = Math.abs(atom.rateStart()) * 0.003;
            return new ValuePath.Drift(
                    atom.rateStart(), atom.rateEnd(), FeedPlanner.lagFromMonth(), wobble, config.seed(), name, year);
        }
        double total = atom.yearEnd() * weight;
        // many sources may each wander; a lone series must keep to the curve or it alone moves the goal
        double jitter = sourceCount >= 20 ? ("LINEAR".equals(atom.pace()) ? 0.1 : 0.25) : 0.03;
        PaceCurve curve = PaceCurve.of(atom.pace()).jittered(r, jitter);
        if (atom.mode() == Mode.UNDER) {
            curve = curve.scaledFrom(FeedPlanner.lagFromMonth(), 0.3);
        } else if (atom.mode() == Mode.OVER) {
            curve = curve.scaledFrom(FeedPlanner.lagFromMonth(), 1.6);
        }
        if (atom.key().statement() == StatementType.LEVEL) {
            if ("CONSTANT".equalsIgnoreCase(atom.pace())
                    || "power.capacity".equals(atom.key().metric())) {
                double end = switch (atom.mode()) {
                    case UNDER -> total * 0.85;
                    case OVER -> total * 1.15;
                    case NORMAL -> total;
                };
                boolean stepped = "power.capacity".equals(atom.key().metric());
                if (stepped) {
                    // capacity moves by plants coming on line, not gradually; in a lagging year old
                    // units are also retired from June while the new ones slip
                    double capacityEnd = atom.mode() == Mode.UNDER ? total * 0.75 : total;
                    return new ValuePath.Drift(
                            total, capacityEnd, FeedPlanner.lagFromMonth(), 0, config.seed(), name, year);
                }
                return new ValuePath.Drift(
                        total, end, FeedPlanner.lagFromMonth(), total * 0.003, config.seed(), name, year);
            }
            if (atom.mode() == Mode.UNDER && atom.startShare() >= FeedPlanner.STOCK_START_SHARE) {
                return new ValuePath.Drift(
                        total * FeedPlanner.STOCK_START_SHARE,
                        total * 0.75,
                        FeedPlanner.lagFromMonth(),
                        total * 0.002,
                        config.seed(),
                        name,
                        year);
            }
            // a level built up from a stated start follows its (in a lagging year, slowed) curve
            return new ValuePath.Level(total * atom.startShare(), total, curve, year);
        }
        return new ValuePath.Cumulative(total, curve, year);
    }

    // ---- helpers ---------------------------------------------------------------------------

    /** Below this many units per county a count is dealt out in whole units ({@link #wholeUnits}). */
    private static final int FEW_UNITS_PER_SOURCE = 3;

    private static final Set<String> COUNT_UNITS =
            Set.of("个", "处", "套", "部", "所", "家", "人", "户", "座", "项", "只", "头", "辆");

    static int scaleFor(String unit) {
        if (COUNT_UNITS.contains(unit)) {
            return 0;
        }
        if (unit.startsWith("万") || unit.equals("元") || unit.equals("亩") || unit.equals("吨") || unit.equals("%")) {
            return 2;
        }
        return 4;
    }

    private static int pick(SplittableRandom r, double[] weights) {
        double sum = 0;
        for (double w : weights) {
            sum += w;
        }
        double x = r.nextDouble() * sum;
        for (int i = 0; i < weights.length; i++) {
            x -= weights[i];
            if (x < 0) {
                return i;
            }
        }
        return weights.length - 1;
    }

    private static void normalise(List<Share> shares) {
        double sum = shares.stream().mapToDouble(Share::weight).sum();
        if (sum == 1.0 || sum == 0) {
            return;
        }
        shares.replaceAll(s -> new Share(s.sourceId, s.county, s.details, s.weight / sum, s.unit, s.firstAsOf));
    }

    private static void scale(List<Share> shares, double factor) {
        shares.replaceAll(s -> new Share(s.sourceId, s.county, s.details, s.weight * factor, s.unit, s.firstAsOf));
    }

    private static String prefix(InputStream stream) {
        return switch (stream) {
            case INVESTMENT -> "INV";
            case ENERGY -> "NRG";
            case ENVIRONMENT -> "ENV";
            case STATISTICS -> "STATS";
        };
    }

    static String slug(String s) {
        return s == null ? "ALL" : s.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]+", "_");
    }
}
