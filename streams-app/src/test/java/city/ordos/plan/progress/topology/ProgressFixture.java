package city.ordos.plan.progress.topology;

import city.ordos.plan.app.AppConfig;
import city.ordos.plan.avro.Comparator;
import city.ordos.plan.avro.County;
import city.ordos.plan.avro.DeadLetter;
import city.ordos.plan.avro.EnergyReading;
import city.ordos.plan.avro.EnvironmentReading;
import city.ordos.plan.avro.FeedSelector;
import city.ordos.plan.avro.GoalDefinition;
import city.ordos.plan.avro.GoalKind;
import city.ordos.plan.avro.GoalProgress;
import city.ordos.plan.avro.InputStream;
import city.ordos.plan.avro.InvestmentReport;
import city.ordos.plan.avro.Quantity;
import city.ordos.plan.avro.StatementHeader;
import city.ordos.plan.avro.StatementType;
import city.ordos.plan.avro.StatisticsRelease;
import city.ordos.plan.progress.PlanClock;
import city.ordos.plan.registry.AvroSerdes;
import city.ordos.plan.testing.TestGoals;
import city.ordos.plan.timetravel.TimeTravelSettings;
import city.ordos.plan.timetravel.topology.TimeTravelTopology;
import city.ordos.plan.topics.OrdosTopics;
import city.ordos.plan.vocabulary.PlanCalendar;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;

/**
 * Drives the production {@link ProgressTopology} in a TopologyTestDriver with an in-memory registry
 * and a plan clock the test sets. Goal partitions = 1 so the single test task owns every goal;
 * partial interval zero so each change crosses to the goal side at once (PartialSumProcessorTest
 * covers the interval), and by default emit interval zero so each change is emitted at once
 * (coalescing has its own test).
 */
final class ProgressFixture implements AutoCloseable {

    static final String PLAN = "ordos-2025";
    /** Wall clock of the driver: 2025 and the reports about it made in early 2026 are all in the past. */
    static final Instant WALL_START = Instant.parse("2026-12-31T00:00:00Z");

    final OrdosTopics topics = OrdosTopics.withPrefix("t-");
    final AvroSerdes serdes;
    final AtomicReference<Instant> now = new AtomicReference<>(at("2025-06-30"));
    final TopologyTestDriver driver;
    final TestInputTopic<String, GoalDefinition> goals;
    final TestInputTopic<String, byte[]> investmentRaw;
    final TestOutputTopic<String, GoalProgress> progress;
    final TestOutputTopic<String, GoalProgress> history;
    final TestOutputTopic<String, DeadLetter> deadLetters;
    private final AtomicInteger eventIds = new AtomicInteger();

    ProgressFixture(Path stateDir) {
        this(stateDir, null);
    }

    ProgressFixture(Path stateDir, PlanClock clockOverride) {
        this(stateDir, clockOverride, Duration.ZERO);
    }

    ProgressFixture(Path stateDir, PlanClock clockOverride, Duration emitInterval) {
        this(stateDir, clockOverride, emitInterval, null);
    }

    /** With the time-travel branch too, as the application builds it, when {@code timeTravel} is not null. */
    ProgressFixture(Path stateDir, PlanClock clockOverride, Duration emitInterval, TimeTravelSettings timeTravel) {
        this(stateDir, clockOverride, emitInterval, timeTravel, false);
    }

    /** With the standing statements in the in-memory store ({@code ordos.progress.statements.in-memory}). */
    static ProgressFixture withStatementsInMemory(Path stateDir) {
        return new ProgressFixture(stateDir, null, Duration.ZERO, null, true);
    }

    private ProgressFixture(
            Path stateDir,
            PlanClock clockOverride,
            Duration emitInterval,
            TimeTravelSettings timeTravel,
            boolean statementsInMemory) {
        String registry = "mock://progress-" + UUID.randomUUID();
        serdes = new AvroSerdes(Map.of("schema.registry.url", registry));
        PlanClock clock = clockOverride != null ? clockOverride : now::get;
        ProgressSettings settings = ProgressSettings.DEFAULTS
                .withGoalPartitions(1)
                .withEmitInterval(emitInterval)
                .withPartialInterval(Duration.ZERO)
                .withStatementsInMemory(statementsInMemory);
        // The production settings (AppConfig's defaults: exactly-once, explicit naming, RocksDB bounds,
        // the error policy), writing to this fixture's registry and topics.
        Properties props = AppConfig.of(Map.of(
                        StreamsConfig.APPLICATION_ID_CONFIG,
                        "progress-topology-test",
                        StreamsConfig.STATE_DIR_CONFIG,
                        stateDir.toString(),
                        "schema.registry.url",
                        registry,
                        AppConfig.TOPIC_PREFIX,
                        "t-"))
                .streamsProperties();
        driver = new TopologyTestDriver(
                timeTravel == null
                        ? ProgressTopology.build(topics, serdes, settings, clock)
                        : TimeTravelTopology.build(topics, serdes, settings, timeTravel, clock),
                props,
                WALL_START);
        goals = driver.createInputTopic(
                topics.goals().name(),
                new StringSerializer(),
                serdes.valueSerde(GoalDefinition.class).serializer());
        investmentRaw =
                driver.createInputTopic(topics.investment().name(), new StringSerializer(), new ByteArraySerializer());
        progress = driver.createOutputTopic(
                topics.progress().name(),
                new StringDeserializer(),
                serdes.valueSerde(GoalProgress.class).deserializer());
        history = driver.createOutputTopic(
                topics.progressHistory().name(),
                new StringDeserializer(),
                serdes.valueSerde(GoalProgress.class).deserializer());
        deadLetters = driver.createOutputTopic(
                topics.deadLetters().name(),
                new StringDeserializer(),
                serdes.valueSerde(DeadLetter.class).deserializer());
    }

    static Instant at(String date) {
        return PlanCalendar.endOfDay(LocalDate.parse(date));
    }

    static Instant instant(String isoWithOffset) {
        return OffsetDateTime.parse(isoWithOffset).toInstant();
    }

    // ---- goals ----

    static GoalDefinition.Builder goal(String id, GoalKind kind, Comparator comparator, String target, String unit) {
        return TestGoals.goal(id)
                .setNameZh("目标" + id)
                .setNameEn("Goal " + id)
                .setUnit(unit)
                .setComparator(comparator)
                .setTarget(dec(target))
                .setKind(kind)
                .setPace("LINEAR");
    }

    static FeedSelector selector(
            InputStream stream, String metric, StatementType statement, String unit, String... categories) {
        return FeedSelector.newBuilder()
                .setStream(stream)
                .setMetric(metric)
                .setStatement(statement)
                .setUnit(unit)
                .setCategories(List.of(categories))
                .build();
    }

    void publish(GoalDefinition goal) {
        goals.pipeInput(OrdosTopics.goalKey(goal.getPlanId(), goal.getGoalId()), goal);
    }

    void removeGoal(String goalId) {
        goals.pipeInput(OrdosTopics.goalKey(PLAN, goalId), (GoalDefinition) null);
    }

    // ---- events ----

    StatementHeader header(String source, Instant eventTime, Instant reportedAt, County county) {
        return StatementHeader.newBuilder()
                .setEventId("e-" + eventIds.incrementAndGet())
                .setSourceId(source)
                .setEventTime(eventTime)
                .setReportedAt(reportedAt)
                .setCounty(county)
                .build();
    }

    InvestmentReport investment(
            String project, Instant asOf, Instant reportedAt, String value, String unit, County county) {
        return InvestmentReport.newBuilder()
                .setHeader(header(project, asOf, reportedAt, county))
                .setProjectId(project)
                .setProjectName("项目" + project)
                .setTier("MUNICIPAL_MAJOR")
                .setSector("INDUSTRY")
                .setMetric("investment.completed")
                .setStatement(StatementType.YEAR_TO_DATE)
                .setQuantity(new Quantity(dec(value), unit))
                .build();
    }

    EnergyReading energy(
            String facility,
            String source,
            String metric,
            StatementType statement,
            String period,
            Instant eventTime,
            Instant reportedAt,
            String value,
            String unit) {
        return EnergyReading.newBuilder()
                .setHeader(header(facility, eventTime, reportedAt, County.ETUOKE))
                .setFacilityId(facility)
                .setEnergySource(source)
                .setMetric(metric)
                .setStatement(statement)
                .setPeriod(period)
                .setQuantity(new Quantity(dec(value), unit))
                .build();
    }

    EnvironmentReading environment(
            String source,
            String metric,
            String category,
            StatementType statement,
            String period,
            Instant eventTime,
            Instant reportedAt,
            String value,
            String unit) {
        return EnvironmentReading.newBuilder()
                .setHeader(header(source, eventTime, reportedAt, null))
                .setMetric(metric)
                .setCategory(category)
                .setStatement(statement)
                .setPeriod(period)
                .setQuantity(new Quantity(dec(value), unit))
                .build();
    }

    StatisticsRelease release(
            String series, String metric, Instant periodEnd, Instant releasedAt, String value, String unit) {
        String[] parts = metric.split("\\.");
        return StatisticsRelease.newBuilder()
                .setHeader(header(series, periodEnd, releasedAt, null))
                .setIndicator(parts[0])
                .setMeasure(parts[1].toUpperCase())
                .setMetric(metric)
                .setStatement(StatementType.YEAR_TO_DATE)
                .setQuantity(new Quantity(dec(value), unit))
                .build();
    }

    /** Sends an input event, serialized with the registry serde like a producer would, keyed by source. */
    void send(SpecificRecord event) {
        send(event, new RecordHeaders());
    }

    /** As {@link #send(SpecificRecord)}, with record headers (the importer's file and line). */
    @SuppressWarnings({"unchecked", "rawtypes"})
    void send(SpecificRecord event, Headers headers) {
        String topic;
        String key;
        if (event instanceof InvestmentReport r) {
            topic = topics.investment().name();
            key = r.getHeader().getSourceId();
        } else if (event instanceof EnergyReading r) {
            topic = topics.energy().name();
            key = r.getHeader().getSourceId();
        } else if (event instanceof EnvironmentReading r) {
            topic = topics.environment().name();
            key = r.getHeader().getSourceId();
        } else if (event instanceof StatisticsRelease r) {
            topic = topics.statistics().name();
            key = r.getHeader().getSourceId();
        } else {
            throw new IllegalArgumentException(event.getClass().getName());
        }
        byte[] bytes = serdes.valueSerde((Class) event.getClass()).serializer().serialize(topic, event);
        driver.createInputTopic(topic, new StringSerializer(), new ByteArraySerializer())
                .pipeInput(new TestRecord<>(key, bytes, headers));
    }

    void tick(Duration wall) {
        driver.advanceWallClockTime(wall);
    }

    /** The latest progress per goal in the compacted output, reading everything emitted so far. */
    Map<String, GoalProgress> latestProgress() {
        return progress.readKeyValuesToMap();
    }

    KeyValueStore<String, GoalProgress> progressStore() {
        return driver.getKeyValueStore(ProgressTopology.PROGRESS_STORE);
    }

    GoalProgress stored(String goalId) {
        return progressStore().get(OrdosTopics.goalKey(PLAN, goalId));
    }

    static BigDecimal dec(String v) {
        return new BigDecimal(v).setScale(6);
    }

    @Override
    public void close() {
        driver.close();
    }

    static Serdes.StringSerde strings() {
        return new Serdes.StringSerde();
    }
}
