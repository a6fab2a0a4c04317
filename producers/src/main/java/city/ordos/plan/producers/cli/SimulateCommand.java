package city.ordos.plan.producers.cli;

import city.ordos.plan.avro.GoalDefinition;
import city.ordos.plan.catalog.BuiltInCatalog;
import city.ordos.plan.catalog.CatalogException;
import city.ordos.plan.catalog.CatalogParser;
import city.ordos.plan.catalog.CatalogValidator;
import city.ordos.plan.producers.DeliveredInput;
import city.ordos.plan.producers.DeliveryReport;
import city.ordos.plan.producers.EventPublisher;
import city.ordos.plan.producers.GoalsTopicReader;
import city.ordos.plan.producers.Pacer;
import city.ordos.plan.producers.sim.ResumePoint;
import city.ordos.plan.producers.sim.Scenario;
import city.ordos.plan.producers.sim.ScenarioConfig;
import city.ordos.plan.producers.sim.SimEvent;
import city.ordos.plan.producers.sim.Simulation;
import city.ordos.plan.producers.sim.SimulationRunner;
import city.ordos.plan.producers.sim.YearReplay;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "simulate",
        mixinStandardHelpOptions = true,
        description = {
            "Publishes a simulated 2025 of the city's sources, deterministic for a seed.",
            "Exit status: 0 every event delivered, 1 some delivery failed, 2 bad configuration, "
                    + "130 interrupted (sent events flushed)."
        })
public final class SimulateCommand implements Callable<Integer> {

    enum ClockKind {
        replay,
        live,
        none
    }

    @Mixin
    ConnectionOptions connection;

    @Option(
            names = {"-s", "--scenario"},
            defaultValue = "on-track",
            description = "on-track, lagging, data-gap, restatements or dirty (default ${DEFAULT-VALUE}).")
    String scenario;

    @Option(names = "--seed", defaultValue = "2025", description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--clock",
            defaultValue = "replay",
            description = "replay: the plan year compressed (--speed or --duration); live: --rate events/s; "
                    + "none: as fast as possible (default ${DEFAULT-VALUE}).")
    ClockKind clock;

    @Option(names = "--speed", description = "Replay: simulated seconds per wall second (e.g. 175000).")
    Double speed;

    @Option(
            names = "--duration",
            description = "Replay: wall time for the whole year, e.g. 3m, 90s, PT10M "
                    + "(default 3m unless --speed is given).")
    String duration;

    @Option(
            names = "--rate",
            defaultValue = "1000",
            description = "Live: events per second (default ${DEFAULT-VALUE}).")
    double rate;

    @Option(
            names = "--meters",
            defaultValue = "0",
            description = "Extra energy meters reporting daily generation, for load (default ${DEFAULT-VALUE}).")
    int meters;

    @Option(
            names = "--major-projects",
            defaultValue = "433",
            description = "Municipal major projects (default ${DEFAULT-VALUE}).")
    int majorProjects;

    @Option(
            names = "--other-projects",
            defaultValue = "1200",
            description = "Projects of the wider fixed-asset base (default ${DEFAULT-VALUE}).")
    int otherProjects;

    @Option(
            names = "--lagging-goals",
            split = ",",
            description = "Goal ids that fall behind in 'lagging' "
                    + "(default: the documented choice, see docs/producers.md).")
    Set<String> laggingGoals = Set.of();

    @Option(names = "--silent-goals", split = ",", description = "Goal ids whose sources go silent in 'data-gap'.")
    Set<String> silentGoals = Set.of();

    @Option(
            names = "--dirty-share",
            defaultValue = "0.03",
            description = "Dirty: share of statements with a defective twin (default ${DEFAULT-VALUE}).")
    double dirtyShare;

    @Option(
            names = "--restatement-share",
            defaultValue = "0.05",
            description = "Restatements: share of statements corrected later (default ${DEFAULT-VALUE}).")
    double restatementShare;

    @Option(names = "--until", description = "Last simulated reporting day, e.g. 2025-09-30 (default 2026-01-31).")
    LocalDate until;

    @Option(names = "--max-events", defaultValue = "0", description = "Stop after this many events (0 = all).")
    long maxEvents;

    @Option(
            names = "--resume",
            description = "Skip the events the input topics already hold (per partition, in the simulation's order) "
                    + "and send the rest: continues an interrupted replay with the same scenario and seed.")
    boolean resume;

    @Option(
            names = "--wall-clock-timestamps",
            description = "Record timestamps from the producer's clock instead of the simulated report time.")
    boolean wallClockTimestamps;

    @Option(
            names = "--goals",
            defaultValue = "topic",
            paramLabel = "topic|bundled|FILE",
            description =
                    "Where the goals come from: topic (the goals topic the streams app follows), bundled "
                            + "(the catalog in this jar, catalog/ordos-2025.yaml) or a catalog YAML file (default ${DEFAULT-VALUE}).")
    String goalsFrom;

    @Option(
            names = "--goals-timeout",
            defaultValue = "PT30S",
            description = "How long to wait for the goals topic (default ${DEFAULT-VALUE}).")
    Duration goalsTimeout;

    @Option(
            names = "--dry-run",
            description = "Generate and count the events without connecting to Kafka "
                    + "(needs the goals: prints the plan per goal).")
    boolean dryRun;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintStream out = System.out;
        ScenarioConfig config;
        Pacer pacer;
        Map<String, Object> producerConfig;
        try {
            producerConfig = connection.producerConfig("ordos-simulator");
            List<GoalDefinition> goals = goals(producerConfig);
            config = ScenarioConfig.builder(Scenario.byName(scenario), goals)
                    .seed(seed)
                    .topics(connection.topics())
                    .meters(meters)
                    .majorProjects(majorProjects)
                    .otherProjects(otherProjects)
                    .laggingGoals(laggingGoals)
                    .silentGoals(silentGoals)
                    .dirtyShare(dirtyShare)
                    .restatementShare(restatementShare)
                    .lastReportDay(until)
                    .build();
            pacer = pacer(config);
        } catch (IllegalArgumentException | IllegalStateException | CatalogException | UncheckedIOException e) {
            System.err.println("simulate: " + e.getMessage());
            return 2;
        }
        YearReplay.describe(config, out);
        if (dryRun) {
            return dryRun(config, out);
        }
        return publish(config, pacer, producerConfig, out);
    }

    private List<GoalDefinition> goals(Map<String, Object> producerConfig) {
        if (goalsFrom.equals("topic")) {
            return GoalsTopicReader.read(
                    producerConfig, connection.topics().goals().name(), goalsTimeout);
        }
        CatalogParser parser = new CatalogParser();
        return CatalogValidator.standard()
                .validate(goalsFrom.equals("bundled") ? BuiltInCatalog.parse() : parser.parse(Path.of(goalsFrom)));
    }

    private Pacer pacer(ScenarioConfig config) {
        return switch (clock) {
            case none -> Pacer.unthrottled();
            case live -> Pacer.live(rate);
            case replay -> {
                if (speed != null) {
                    yield Pacer.replay(speed);
                }
                yield YearReplay.pacerFor(config, parseDuration(duration == null ? "3m" : duration));
            }
        };
    }

    /** A duration as the CLIs take it: 3m, 90s, 1h, 250ms or ISO-8601 (PT3M). */
    public static Duration parseDuration(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        if (t.startsWith("p")) {
            return Duration.parse(t.toUpperCase(Locale.ROOT));
        }
        var m = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)").matcher(t);
        if (!m.matches()) {
            throw new IllegalArgumentException("--duration '" + text + "' is not like 3m, 90s, 1h or PT3M");
        }
        double v = Double.parseDouble(m.group(1));
        long millis = (long) (v
                * switch (m.group(2)) {
                    case "ms" -> 1;
                    case "s" -> 1000;
                    case "m" -> 60_000;
                    default -> 3_600_000;
                });
        return Duration.ofMillis(millis);
    }

    private static int dryRun(ScenarioConfig config, PrintStream out) {
        Map<String, Long> byTopic = new TreeMap<>();
        try (Stream<SimEvent> events = Simulation.events(config)) {
            events.forEach(e -> byTopic.merge(
                    e.topic() + (e.defect().expectedReason() == null ? "" : " (" + e.defect() + ")"), 1L, Long::sum));
        }
        byTopic.forEach((k, v) -> out.printf(Locale.ROOT, "%,12d  %s%n", v, k));
        out.printf(
                Locale.ROOT,
                "%,12d  total%n",
                byTopic.values().stream().mapToLong(Long::longValue).sum());
        return 0;
    }

    private int publish(ScenarioConfig config, Pacer pacer, Map<String, Object> producerConfig, PrintStream out) {
        CountDownLatch done = new CountDownLatch(1);
        Thread runner = Thread.currentThread();
        Thread hook = new Thread(
                () -> {
                    runner.interrupt();
                    try {
                        // bounded: when embedded in the app, the broker may be stopping at the same time
                        done.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "simulate-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        SimulationRunner.Result result;
        DeliveryReport report;
        boolean interrupted;
        try (EventPublisher publisher = new EventPublisher(producerConfig, !wallClockTimestamps)) {
            ResumePoint from = ResumePoint.START;
            if (resume) {
                from = DeliveredInput.read(producerConfig, connection.topics(), goalsTimeout);
                out.println("resuming: the input topics hold " + from.deliveredEvents()
                        + " events of this replay; sending the rest");
            }
            result = SimulationRunner.run(config, publisher, pacer, maxEvents, from, out);
            interrupted = result.interrupted();
            publisher.close();
            report = publisher.report();
        } finally {
            done.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it only waits for the countDown above
            }
        }
        if (!result.defects().isEmpty()) {
            out.println("defective events sent: "
                    + result.defects().entrySet().stream()
                            .map(e -> e.getKey() + "=" + e.getValue())
                            .collect(Collectors.joining(", ")));
        }
        out.println(report.consoleLine());
        report.failureLines().forEach(out::println);
        if (!report.allDelivered()) {
            return 1;
        }
        return interrupted ? 130 : 0;
    }
}
