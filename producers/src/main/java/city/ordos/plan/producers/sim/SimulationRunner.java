package city.ordos.plan.producers.sim;

import city.ordos.plan.producers.ConsoleText;
import city.ordos.plan.producers.DeliveryReport;
import city.ordos.plan.producers.EventPublisher;
import city.ordos.plan.producers.Pacer;
import city.ordos.plan.producers.Progress;
import java.io.PrintStream;
import java.util.EnumMap;
import java.util.Map;
import java.util.stream.Stream;

/** Plays a simulated year into Kafka at the pace of a clock, reporting progress and delivery. */
public final class SimulationRunner {

    /** @param interrupted the run was stopped (Ctrl-C) before the scenario's end; what was sent is flushed */
    public record Result(
            long events, Map<Defect, Long> defects, DeliveryReport delivery, double seconds, boolean interrupted) {}

    private SimulationRunner() {}

    /**
     * Sends every event of the scenario (or the first {@code maxEvents}, if positive) and flushes.
     * The publisher stays open: the caller closes it.
     */
    public static Result run(
            ScenarioConfig config, EventPublisher publisher, Pacer pacer, long maxEvents, PrintStream out) {
        return run(config, publisher, pacer, maxEvents, ResumePoint.START, out);
    }

    /**
     * As {@link #run(ScenarioConfig, EventPublisher, Pacer, long, PrintStream)}, skipping the events
     * the input topics already hold ({@code resume}): an interrupted replay continues where its
     * delivered input stands, paced from the first event it sends. Skipped events are not counted
     * in the result's events.
     */
    public static Result run(
            ScenarioConfig config,
            EventPublisher publisher,
            Pacer pacer,
            long maxEvents,
            ResumePoint resume,
            PrintStream out) {
        Progress progress =
                new Progress(out, new ConsoleText("模拟 " + config.scenario(), "simulate " + config.scenario()), 5);
        Map<Defect, Long> defects = new EnumMap<>(Defect.class);
        long n = 0;
        try (Stream<SimEvent> events = Simulation.events(config)) {
            var it = events.iterator();
            while (it.hasNext() && (maxEvents <= 0 || n < maxEvents)) {
                if (Thread.currentThread().isInterrupted()) {
                    out.println("interrupted: stopping after " + n + " events");
                    break;
                }
                SimEvent e = it.next();
                if (resume.alreadyDelivered(e)) {
                    continue;
                }
                pacer.await(e.timestamp());
                if (Thread.currentThread().isInterrupted()) {
                    out.println("interrupted: stopping after " + n + " events");
                    break;
                }
                publisher.send(e);
                n++;
                if (e.defect() != Defect.NONE) {
                    defects.merge(e.defect(), 1L, Long::sum);
                }
                progress.tick(n, () -> publisher.report().counts());
            }
        }
        // clear the interrupt so that the flush can wait for the outstanding acknowledgements
        boolean interrupted = Thread.interrupted();
        publisher.flush();
        DeliveryReport report = publisher.report();
        out.println(progress.line(n, report.counts()));
        return new Result(n, defects, report, progress.elapsedSeconds(), interrupted);
    }
}
