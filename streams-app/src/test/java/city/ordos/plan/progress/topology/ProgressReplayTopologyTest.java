package city.ordos.plan.progress.topology;

import static city.ordos.plan.progress.topology.ProgressFixture.dec;
import static city.ordos.plan.progress.topology.ProgressFixture.goal;
import static city.ordos.plan.progress.topology.ProgressFixture.selector;
import static org.assertj.core.api.Assertions.assertThat;

import city.ordos.plan.avro.Comparator;
import city.ordos.plan.avro.County;
import city.ordos.plan.avro.GoalKind;
import city.ordos.plan.avro.GoalProgress;
import city.ordos.plan.avro.InputStream;
import city.ordos.plan.avro.StatementType;
import city.ordos.plan.vocabulary.PlanCalendar;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A generated plan year of statements (monthly year-to-date investment with restatements, monthly
 * gas flows with revisions, quarterly capacity levels, monthly growth releases), replayed in order
 * and then shuffled with a fifth of it duplicated: both runs must end on the same figures, equal to a
 * plain calculation written out here.
 */
class ProgressReplayTopologyTest {

    private static final long SEED = 20250101L;
    private static final County[] COUNTIES = County.values();

    @TempDir
    Path ordered;

    @TempDir
    Path shuffled;

    @TempDir
    Path inMemory;

    /** One generated statement with what the independent calculation needs. */
    private record Gen(
            SpecificRecord event,
            String goal,
            String key,
            long eventTime,
            long reportedAt,
            BigDecimal valueInGoalUnit,
            String county,
            String role) {}

    @Test
    void aShuffledAndDuplicatedYearReachesTheSameFiguresAsTheOrderedOneAndThePlainCalculation() {
        List<Gen> year;
        Map<String, GoalProgress> inOrder;
        try (ProgressFixture f = new ProgressFixture(ordered)) {
            year = generate(f);
            publishGoals(f);
            year.forEach(g -> f.send(g.event()));
            inOrder = finalFigures(f);
        }
        List<Gen> input = new ArrayList<>(year);
        Random random = new Random(SEED);
        for (Gen g : year) {
            if (random.nextInt(5) == 0) {
                input.add(g);
            }
        }
        Collections.shuffle(input, random);
        Map<String, GoalProgress> replayed;
        try (ProgressFixture f = new ProgressFixture(shuffled)) {
            publishGoals(f);
            input.forEach(g -> f.send(g.event()));
            replayed = finalFigures(f);
        }
        // The same replay with the standing statements on the heap (ordos.progress.statements.in-memory).
        Map<String, GoalProgress> replayedInMemory;
        try (ProgressFixture f = ProgressFixture.withStatementsInMemory(inMemory)) {
            assertThat(f.driver
                            .getKeyValueStore(ProgressTopology.STATEMENTS_STORE)
                            .persistent())
                    .isFalse();
            publishGoals(f);
            input.forEach(g -> f.send(g.event()));
            replayedInMemory = finalFigures(f);
        }

        Map<String, Expected> expected = plainCalculation(year);
        assertThat(inOrder.keySet())
                .containsExactlyInAnyOrder(
                        "ordos-2025/fai", "ordos-2025/gas", "ordos-2025/clean-share", "ordos-2025/gdp-growth");
        for (String goal : inOrder.keySet()) {
            GoalProgress a = inOrder.get(goal);
            GoalProgress b = replayed.get(goal);
            Expected e = expected.get(goal);
            assertThat(a.getActual()).as(goal).isEqualByComparingTo(e.actual());
            assertThat(a.getContributingSources()).as(goal).isEqualTo(e.contributions());
            assertThat(a.getByCounty()).as(goal).isEqualTo(e.byCounty());
            assertThat(GoalProgressProcessor.ProgressRecords.sameFigures(a, b))
                    .as(goal + ": ordered vs shuffled\n%s\n%s", a, b)
                    .isTrue();
            GoalProgress c = replayedInMemory.get(goal);
            assertThat(GoalProgressProcessor.ProgressRecords.sameFigures(a, c))
                    .as(goal + ": ordered vs shuffled, statements in memory\n%s\n%s", a, c)
                    .isTrue();
        }
    }

    private static Map<String, GoalProgress> finalFigures(ProgressFixture f) {
        Map<String, GoalProgress> result = new TreeMap<>();
        f.progressStore().all().forEachRemaining(kv -> result.put(kv.key, kv.value));
        return result;
    }

    private static void publishGoals(ProgressFixture f) {
        f.now.set(Instant.parse("2026-01-01T00:00:00Z"));
        f.publish(goal("fai", GoalKind.CUMULATIVE, Comparator.AT_LEAST, "3000", "亿元")
                .setPace("CONSTRUCTION_SEASONAL")
                .setFeed(selector(InputStream.INVESTMENT, "investment.completed", StatementType.YEAR_TO_DATE, "亿元"))
                .build());
        f.publish(goal("gas", GoalKind.CUMULATIVE, Comparator.AT_LEAST, "330", "亿立方米")
                .setFeed(
                        selector(InputStream.ENERGY, "energy.output", StatementType.PERIOD_FLOW, "亿立方米", "NATURAL_GAS"))
                .build());
        f.publish(goal("clean-share", GoalKind.SHARE, Comparator.AT_LEAST, "45", "%")
                .setPace("CONSTANT")
                .setRatioScale(dec("100"))
                .setNumerator(
                        selector(InputStream.ENERGY, "power.capacity", StatementType.LEVEL, "万千瓦", "WIND", "SOLAR"))
                .setDenominator(selector(InputStream.ENERGY, "power.capacity", StatementType.LEVEL, "万千瓦"))
                .build());
        f.publish(goal("gdp-growth", GoalKind.GROWTH, Comparator.ABOUT, "6", "%")
                .setTolerance(dec("0.5"))
                .setPace("CONSTANT")
                .setFeed(selector(InputStream.STATISTICS, "gdp.growth_yoy", StatementType.YEAR_TO_DATE, "%"))
                .build());
    }

    private static List<Gen> generate(ProgressFixture f) {
        Random r = new Random(SEED);
        List<Gen> out = new ArrayList<>();
        // 40 projects, monthly year-to-date reports (some in 万元), a fifth restated later the same as-of.
        for (int p = 0; p < 40; p++) {
            String project = "PRJ-" + p;
            County county = COUNTIES[p % COUNTIES.length];
            long cumulativeWan = 0; // 万元
            for (int m = 1; m <= 12; m++) {
                cumulativeWan += 1000 + r.nextInt(50_000);
                Instant asOf = monthEnd(m);
                Instant reported = asOf.plusSeconds(86_400L * (3 + r.nextInt(5)));
                out.add(investment(f, project, asOf, reported, cumulativeWan, county, r.nextBoolean()));
                if (r.nextInt(5) == 0) {
                    cumulativeWan -= r.nextInt(800); // a downward restatement of the same as-of
                    out.add(investment(
                            f,
                            project,
                            asOf,
                            reported.plusSeconds(86_400L * 7),
                            cumulativeWan,
                            county,
                            r.nextBoolean()));
                }
            }
        }
        // 5 gas fields, monthly flows in 万立方米, some revised.
        for (int g = 0; g < 5; g++) {
            String field = "GAS-" + g;
            for (int m = 1; m <= 12; m++) {
                Instant end = monthEnd(m);
                long wan = 20_000 + r.nextInt(20_000);
                out.add(gas(f, field, m, end, end.plusSeconds(86_400L * 5), wan));
                if (r.nextInt(4) == 0) {
                    out.add(gas(f, field, m, end, end.plusSeconds(86_400L * 20), wan + r.nextInt(2_000) - 1_000));
                }
            }
        }
        // 12 plants, quarterly capacity levels (MW or 万千瓦).
        String[] sources = {"WIND", "SOLAR", "THERMAL_POWER"};
        for (int p = 0; p < 12; p++) {
            String plant = "PLANT-" + p;
            String source = sources[p % 3];
            long mw = 500 + r.nextInt(2_000);
            for (int q = 1; q <= 4; q++) {
                mw += r.nextInt(300);
                Instant asOf = monthEnd(q * 3);
                out.add(capacity(f, plant, source, asOf, asOf.plusSeconds(86_400L * 2), mw));
            }
        }
        // Monthly official GDP growth releases.
        for (int m = 1; m <= 12; m++) {
            Instant end = monthEnd(m);
            BigDecimal growth = BigDecimal.valueOf(50 + r.nextInt(20), 1);
            SpecificRecord release = f.release(
                    "STATS-GDP", "gdp.growth_yoy", end, end.plusSeconds(86_400L * 15), growth.toPlainString(), "%");
            out.add(new Gen(
                    release,
                    "ordos-2025/gdp-growth",
                    "STATS-GDP",
                    end.toEpochMilli(),
                    end.plusSeconds(86_400L * 15).toEpochMilli(),
                    growth,
                    null,
                    "FEED"));
        }
        return out;
    }

    private static Gen investment(
            ProgressFixture f, String project, Instant asOf, Instant reported, long wan, County county, boolean inYi) {
        String value = inYi ? BigDecimal.valueOf(wan, 4).toPlainString() : Long.toString(wan);
        SpecificRecord e = f.investment(project, asOf, reported, value, inYi ? "亿元" : "万元", county);
        return new Gen(
                e,
                "ordos-2025/fai",
                project,
                asOf.toEpochMilli(),
                reported.toEpochMilli(),
                BigDecimal.valueOf(wan, 4),
                county.name(),
                "FEED");
    }

    private static Gen gas(ProgressFixture f, String field, int month, Instant end, Instant reported, long wan) {
        String period = YearMonth.of(2025, month).toString();
        SpecificRecord e = f.energy(
                field,
                "NATURAL_GAS",
                "energy.output",
                StatementType.PERIOD_FLOW,
                period,
                end,
                reported,
                Long.toString(wan),
                "万立方米");
        return new Gen(
                e,
                "ordos-2025/gas",
                field + "|" + period,
                end.toEpochMilli(),
                reported.toEpochMilli(),
                BigDecimal.valueOf(wan, 4),
                "ETUOKE",
                "FEED");
    }

    private static Gen capacity(
            ProgressFixture f, String plant, String source, Instant asOf, Instant reported, long mw) {
        SpecificRecord e = f.energy(
                plant, source, "power.capacity", StatementType.LEVEL, null, asOf, reported, Long.toString(mw), "MW");
        boolean clean = !source.equals("THERMAL_POWER");
        return new Gen(
                e,
                "ordos-2025/clean-share",
                plant,
                asOf.toEpochMilli(),
                reported.toEpochMilli(),
                BigDecimal.valueOf(mw, 1),
                "ETUOKE",
                clean ? "CLEAN" : "OTHER");
    }

    private static Instant monthEnd(int month) {
        return PlanCalendar.endOfDay(YearMonth.of(2025, month).atEndOfMonth()).minusSeconds(3600);
    }

    private record Expected(BigDecimal actual, int contributions, Map<String, BigDecimal> byCounty) {}

    /** Latest (eventTime, reportedAt) per key, summed: the rule written out without the topology. */
    private static Map<String, Expected> plainCalculation(List<Gen> year) {
        Map<String, Gen> latest = new HashMap<>();
        for (Gen g : year) {
            String key = g.goal() + "#" + g.key();
            Gen held = latest.get(key);
            if (held == null
                    || g.eventTime() > held.eventTime()
                    || (g.eventTime() == held.eventTime() && g.reportedAt() > held.reportedAt())) {
                latest.put(key, g);
            }
        }
        Map<String, Expected> result = new HashMap<>();
        for (String goal : List.of("ordos-2025/fai", "ordos-2025/gas", "ordos-2025/gdp-growth")) {
            BigDecimal sum = BigDecimal.ZERO;
            Map<String, BigDecimal> byCounty = new HashMap<>();
            Set<String> sources = new HashSet<>();
            for (Gen g : latest.values()) {
                if (g.goal().equals(goal)) {
                    sum = sum.add(g.valueInGoalUnit());
                    sources.add(g.key().split("\\|")[0]);
                    if (g.county() != null) {
                        byCounty.merge(g.county(), g.valueInGoalUnit(), BigDecimal::add);
                    }
                }
            }
            byCounty.replaceAll((k, v) -> v.setScale(6, RoundingMode.UNNECESSARY));
            result.put(goal, new Expected(sum, sources.size(), byCounty));
        }
        BigDecimal clean = BigDecimal.ZERO;
        BigDecimal all = BigDecimal.ZERO;
        int plants = 0;
        for (Gen g : latest.values()) {
            if (g.goal().equals("ordos-2025/clean-share")) {
                plants++;
                all = all.add(g.valueInGoalUnit());
                if (g.role().equals("CLEAN")) {
                    clean = clean.add(g.valueInGoalUnit());
                }
            }
        }
        int cleanPlants = 8; // 12 plants, two thirds wind or solar
        BigDecimal share = clean.multiply(BigDecimal.valueOf(100))
                .divide(all, MathContext.DECIMAL128)
                .setScale(6, RoundingMode.HALF_EVEN);
        // byCounty of a share is the numerator's breakdown; every plant reports from ETUOKE
        result.put(
                "ordos-2025/clean-share",
                new Expected(
                        share, plants + cleanPlants, Map.of("ETUOKE", clean.setScale(6, RoundingMode.UNNECESSARY))));
        return result;
    }
}
