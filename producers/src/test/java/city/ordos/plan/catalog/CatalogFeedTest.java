package city.ordos.plan.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import city.ordos.plan.avro.EnergyReading;
import city.ordos.plan.avro.EnvironmentReading;
import city.ordos.plan.avro.FeedSelector;
import city.ordos.plan.avro.GoalDefinition;
import city.ordos.plan.avro.GoalKind;
import city.ordos.plan.avro.InputStream;
import city.ordos.plan.avro.InvestmentReport;
import city.ordos.plan.avro.Quantity;
import city.ordos.plan.avro.StatementHeader;
import city.ordos.plan.avro.StatementType;
import city.ordos.plan.avro.StatisticsRelease;
import city.ordos.plan.units.UnitTable;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/**
 * Every selector of the shipped catalog can be fed by an event of the Avro contract: for each
 * series of the vocabulary it reads, an event of that stream's record type is built, selected by
 * the FeedSelector rule (stream, metric, category, statement) and its quantity converted to the
 * selector's unit. The selection rule is the one documented on FeedSelector.avsc.
 */
class CatalogFeedTest {

    private static final Instant AS_OF = Instant.parse("2025-06-30T15:59:59Z");
    private final UnitTable units = UnitTable.standard();
    private final List<GoalDefinition> goals = OrdosCatalogTest.goals();
    private final Map<String, GoalDefinition> byId =
            goals.stream().collect(Collectors.toMap(GoalDefinition::getGoalId, Function.identity()));

    @Test
    void everySelectorIsFedByAContractEventWithAConvertibleUnit() {
        int events = 0;
        for (GoalDefinition g : goals) {
            for (FeedSelector s : selectors(g)) {
                List<MetricVocabulary.Series> series = MetricVocabulary.standard()
                        .matching(s.getStream(), s.getMetric(), Set.copyOf(s.getCategories()));
                assertThat(series).as("%s: %s", g.getGoalId(), s.getMetric()).isNotEmpty();
                for (MetricVocabulary.Series ser : series) {
                    SpecificRecord event = event(ser, "1");
                    assertThat(selects(s, event))
                            .as("%s selects %s", g.getGoalId(), event)
                            .isTrue();
                    assertThat(units.convert(BigDecimal.ONE, ser.unit(), s.getUnit()))
                            .isPositive();
                    events++;
                }
            }
        }
        assertThat(events).isGreaterThan(goals.size());
    }

    @Test
    void oneEventPerKindReachesItsGoalInTheGoalsUnit() {
        // CUMULATIVE: grain stated in 万吨 feeds a goal kept in 亿斤 (1 亿斤 = 5 万吨)
        assertFlows("grain-production-capacity", series(InputStream.ENVIRONMENT, "agri.output", "GRAIN"), "225", "45");
        // LEVEL: capacity stated in 万千瓦 (a source could write MW: 1 万千瓦 = 10 MW)
        assertFlows("new-energy-capacity", series(InputStream.ENERGY, "power.capacity", "WIND"), "1200", "1200");
        // GROWTH: an official year-to-date release in %
        assertFlows("gdp-growth", series(InputStream.STATISTICS, "gdp.growth_yoy", null), "5.8", "5.8");
        // SHARE: numerator and denominator both from capacity events
        GoalDefinition share = byId.get("clean-energy-capacity-share");
        assertThat(share.getKind()).isEqualTo(GoalKind.SHARE);
        assertThat(selects(share.getNumerator(), event(series(InputStream.ENERGY, "power.capacity", "SOLAR"), "10")))
                .isTrue();
        assertThat(selects(
                        share.getNumerator(),
                        event(series(InputStream.ENERGY, "power.capacity", "THERMAL_POWER"), "10")))
                .isFalse();
        assertThat(selects(
                        share.getDenominator(),
                        event(series(InputStream.ENERGY, "power.capacity", "THERMAL_POWER"), "10")))
                .isTrue();
        // INTENSITY_CAP: water in 亿立方米 converted to the numerator's 万立方米, GDP in 亿元
        GoalDefinition cap = byId.get("water-per-10k-yuan-gdp");
        SpecificRecord water = event(series(InputStream.ENVIRONMENT, "water.use", "INDUSTRY"), "1");
        assertThat(selects(cap.getNumerator(), water)).isTrue();
        assertThat(units.convert(
                        new BigDecimal("1.2"), "亿立方米", cap.getNumerator().getUnit()))
                .isEqualByComparingTo("12000");
        assertThat(selects(cap.getDenominator(), event(series(InputStream.STATISTICS, "gdp.level", null), "3000")))
                .isTrue();
        // industrial water cap reads only the INDUSTRY sector
        GoalDefinition industrial = byId.get("water-per-10k-yuan-industrial-value-added");
        assertThat(selects(
                        industrial.getNumerator(),
                        event(series(InputStream.ENVIRONMENT, "water.use", "AGRICULTURE"), "1")))
                .isFalse();
    }

    private void assertFlows(String goalId, MetricVocabulary.Series ser, String stated, String inGoalUnit) {
        GoalDefinition g = byId.get(goalId);
        SpecificRecord e = event(ser, stated);
        assertThat(selects(g.getFeed(), e)).as(goalId).isTrue();
        BigDecimal inFeed =
                units.convert(new BigDecimal(stated), ser.unit(), g.getFeed().getUnit());
        assertThat(units.convert(inFeed, g.getFeed().getUnit(), g.getUnit()))
                .as(goalId)
                .isEqualByComparingTo(inGoalUnit);
    }

    private static MetricVocabulary.Series series(InputStream stream, String metric, String category) {
        return MetricVocabulary.standard().series().stream()
                .filter(s ->
                        s.stream() == stream && s.metric().equals(metric) && Objects.equals(s.category(), category))
                .findFirst()
                .orElseThrow();
    }

    private static List<FeedSelector> selectors(GoalDefinition g) {
        List<FeedSelector> out = new ArrayList<>();
        for (FeedSelector s : new FeedSelector[] {g.getFeed(), g.getNumerator(), g.getDenominator()}) {
            if (s != null) {
                out.add(s);
            }
        }
        return out;
    }

    /** The FeedSelector rule: the stream's record type, equal metric and statement, category among categories (if any). */
    private static boolean selects(FeedSelector s, SpecificRecord e) {
        String metric;
        String category;
        StatementType statement;
        InputStream stream;
        if (e instanceof InvestmentReport r) {
            stream = InputStream.INVESTMENT;
            metric = r.getMetric();
            category = r.getTier();
            statement = r.getStatement();
        } else if (e instanceof EnergyReading r) {
            stream = InputStream.ENERGY;
            metric = r.getMetric();
            category = r.getEnergySource();
            statement = r.getStatement();
        } else if (e instanceof EnvironmentReading r) {
            stream = InputStream.ENVIRONMENT;
            metric = r.getMetric();
            category = r.getCategory();
            statement = r.getStatement();
        } else {
            StatisticsRelease r = (StatisticsRelease) e;
            stream = InputStream.STATISTICS;
            metric = r.getMetric();
            category = null;
            statement = r.getStatement();
        }
        return stream == s.getStream()
                && metric.equals(s.getMetric())
                && statement == s.getStatement()
                && (s.getCategories().isEmpty() || s.getCategories().contains(category));
    }

    private static SpecificRecord event(MetricVocabulary.Series s, String value) {
        StatementHeader header = StatementHeader.newBuilder()
                .setEventId("e-" + s.metric() + "-" + s.category())
                .setSourceId("src-1")
                .setEventTime(AS_OF)
                .setReportedAt(AS_OF)
                .build();
        Quantity q = Quantity.newBuilder()
                .setValue(new BigDecimal(value).setScale(6))
                .setUnit(s.unit())
                .build();
        String period = s.statement() == StatementType.PERIOD_FLOW ? "2025-06" : null;
        return switch (s.stream()) {
            case INVESTMENT ->
                InvestmentReport.newBuilder()
                        .setHeader(header)
                        .setProjectId("P-1")
                        .setProjectName("项目")
                        .setTier(s.category())
                        .setSector("INDUSTRY")
                        .setMetric(s.metric())
                        .setStatement(s.statement())
                        .setQuantity(q)
                        .build();
            case ENERGY ->
                EnergyReading.newBuilder()
                        .setHeader(header)
                        .setFacilityId("F-1")
                        .setEnergySource(s.category())
                        .setMetric(s.metric())
                        .setStatement(s.statement())
                        .setPeriod(period)
                        .setQuantity(q)
                        .build();
            case ENVIRONMENT ->
                EnvironmentReading.newBuilder()
                        .setHeader(header)
                        .setMetric(s.metric())
                        .setCategory(s.category())
                        .setStatement(s.statement())
                        .setPeriod(period)
                        .setQuantity(q)
                        .build();
            case STATISTICS ->
                StatisticsRelease.newBuilder()
                        .setHeader(header)
                        .setIndicator(s.metric().substring(0, s.metric().indexOf('.')))
                        .setMeasure(s.metric()
                                .substring(s.metric().indexOf('.') + 1)
                                .toUpperCase())
                        .setMetric(s.metric())
                        .setStatement(s.statement())
                        .setQuantity(q)
                        .build();
        };
    }
}
