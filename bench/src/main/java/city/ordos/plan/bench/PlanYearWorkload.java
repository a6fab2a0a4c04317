package city.ordos.plan.bench;

import city.ordos.plan.avro.Comparator;
import city.ordos.plan.avro.County;
import city.ordos.plan.avro.FeedSelector;
import city.ordos.plan.avro.GoalDefinition;
import city.ordos.plan.avro.GoalKind;
import city.ordos.plan.avro.InputStream;
import city.ordos.plan.avro.InvestmentReport;
import city.ordos.plan.avro.Quantity;
import city.ordos.plan.avro.StatementHeader;
import city.ordos.plan.avro.StatementType;
import city.ordos.plan.topics.OrdosTopics;
import city.ordos.plan.vocabulary.PlanCalendar;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The benchmark's input: one cumulative goal (fixed-asset investment, 亿元) and a plan year of
 * monthly year-to-date InvestmentReports from N projects, registry-framed Avro as producers write
 * them. Every month supersedes the previous one per project, so the goal's final actual is the sum
 * of the December figures: a reader that sees that sum has seen every event processed.
 */
public final class PlanYearWorkload {

    public static final String PLAN = "ordos-2025";
    public static final String GOAL = "fai";
    public static final String GOAL_KEY = OrdosTopics.goalKey(PLAN, GOAL);

    private final BenchEnvironment env;
    private final Serializer<InvestmentReport> reports;
    private final Serializer<GoalDefinition> goals;

    public PlanYearWorkload(BenchEnvironment env) {
        this.env = env;
        this.reports = env.serdes().valueSerde(InvestmentReport.class).serializer();
        this.goals = env.serdes().valueSerde(GoalDefinition.class).serializer();
    }

    /** Bytes of one serialized input event (the raw baseline writes records of this size). */
    public int recordBytes() {
        return serialize(report("PRJ-0", 12, BigDecimal.ONE.setScale(6))).length;
    }

    /** The plan year, produced to the input topic. */
    public record Backfill(int events, int projects, BigDecimal expectedActual) {}

    /** Publishes the goal and a plan year of monthly reports from about events/12 projects. */
    public Backfill produce(int events) {
        return produce(events, 12);
    }

    /**
     * Publishes the goal and about {@code events} reports from events/reportsPerSource projects, each
     * reporting the last {@code reportsPerSource} months of the year (12: monthly from January; 1: a
     * December figure only, so twelve times the sources, and the state, of the same event count).
     */
    public Backfill produce(int events, int reportsPerSource) {
        if (reportsPerSource < 1 || reportsPerSource > 12) {
            throw new IllegalArgumentException("reports per source must be 1 to 12, not " + reportsPerSource);
        }
        int projects = Math.max(1, events / reportsPerSource);
        BigDecimal expected = BigDecimal.ZERO;
        String topic = env.topics().investment().name();
        try (KafkaProducer<String, byte[]> producer = env.producer()) {
            producer.send(new ProducerRecord<>(
                    env.topics().goals().name(),
                    GOAL_KEY,
                    goals.serialize(env.topics().goals().name(), goal())));
            for (int m = 13 - reportsPerSource; m <= 12; m++) {
                for (int p = 0; p < projects; p++) {
                    String id = "PRJ-" + p;
                    BigDecimal ytd = ytd(m, p);
                    producer.send(new ProducerRecord<>(topic, id, serialize(report(id, m, ytd))));
                    if (m == 12) {
                        expected = expected.add(ytd);
                    }
                }
            }
            producer.flush();
        }
        return new Backfill(projects * reportsPerSource, projects, expected);
    }

    static BigDecimal ytd(int month, int project) {
        return BigDecimal.valueOf((long) month * (project % 97 + 1), 2).setScale(6);
    }

    /** A probe statement: source {@code sourceId}'s year-to-date figure is {@code k} as of late 2025 plus k ms. */
    public byte[] probe(String sourceId, int k) {
        Instant asOf = PlanCalendar.endOfDay(LocalDate.of(2025, 11, 30)).plusMillis(k);
        return serialize(report(sourceId, asOf, BigDecimal.valueOf(k).setScale(6)));
    }

    public byte[] serialize(InvestmentReport report) {
        return reports.serialize(env.topics().investment().name(), report);
    }

    public static GoalDefinition goal() {
        return GoalDefinition.newBuilder()
                .setPlanId(PLAN)
                .setGoalId(GOAL)
                .setPlanYear(2025)
                .setSection("1")
                .setSectionTitleZh("s")
                .setSectionTitleEn("s")
                .setPhraseZh("p")
                .setNameZh("n")
                .setNameEn("n")
                .setUnit("亿元")
                .setComparator(Comparator.AT_LEAST)
                .setTarget(new BigDecimal("3000.000000"))
                .setKind(GoalKind.CUMULATIVE)
                .setDepartment("d")
                .setCadenceDays(60)
                .setFeed(FeedSelector.newBuilder()
                        .setStream(InputStream.INVESTMENT)
                        .setMetric("investment.completed")
                        .setStatement(StatementType.YEAR_TO_DATE)
                        .setUnit("亿元")
                        .build())
                .build();
    }

    public static InvestmentReport report(String id, int month, BigDecimal ytd) {
        Instant asOf =
                PlanCalendar.endOfDay(LocalDate.of(2025, month, 1).plusMonths(1).minusDays(1));
        return report(id, asOf, ytd);
    }

    public static InvestmentReport report(String id, Instant asOf, BigDecimal ytd) {
        return InvestmentReport.newBuilder()
                .setHeader(StatementHeader.newBuilder()
                        .setEventId(id + "@" + asOf.toEpochMilli())
                        .setSourceId(id)
                        .setEventTime(asOf)
                        .setReportedAt(asOf.plusSeconds(86_400))
                        .setCounty(County.values()[Math.floorMod(id.hashCode(), 9)])
                        .build())
                .setProjectId(id)
                .setProjectName("p")
                .setTier("MUNICIPAL_MAJOR")
                .setSector("INDUSTRY")
                .setQuantity(new Quantity(ytd, "亿元"))
                .build();
    }
}
