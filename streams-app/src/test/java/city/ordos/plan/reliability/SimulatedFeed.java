package city.ordos.plan.reliability;

import city.ordos.plan.producers.DeliveryReport;
import city.ordos.plan.producers.EventPublisher;
import city.ordos.plan.producers.Pacer;
import city.ordos.plan.producers.sim.ScenarioConfig;
import city.ordos.plan.producers.sim.SimulationRunner;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The simulator publishing a scenario at a steady rate on a thread of its own, so that faults can
 * be injected while events keep arriving. Stopping it interrupts the run; what was sent is flushed.
 */
final class SimulatedFeed implements AutoCloseable {

    private final Thread thread;
    private final EventPublisher publisher;
    private final AtomicReference<SimulationRunner.Result> result = new AtomicReference<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    SimulatedFeed(ScenarioConfig scenario, Map<String, Object> producerAndRegistry, double eventsPerSecond,
                  long maxEvents) {
        this.publisher = new EventPublisher(producerAndRegistry, true);
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        this.thread = new Thread(() -> {
            try {
                result.set(SimulationRunner.run(scenario, publisher, Pacer.live(eventsPerSecond), maxEvents, quiet));
            } catch (Throwable t) {
                failure.set(t);
                throw t;
            }
        }, "simulated-feed");
        thread.setDaemon(true);
    }

    SimulatedFeed start() {
        thread.start();
        return this;
    }

    long sent() {
        return publisher.report().sent();
    }

    boolean finished() {
        return !thread.isAlive();
    }

    /** Stops publishing (if still running), waits for the flush and returns what was delivered. */
    DeliveryReport stop() throws InterruptedException {
        thread.interrupt();
        return awaitEnd();
    }

    DeliveryReport awaitEnd() throws InterruptedException {
        thread.join(180_000);
        if (thread.isAlive()) {
            throw new IllegalStateException("the feed did not stop within 3 min");
        }
        if (failure.get() != null) {
            throw new IllegalStateException("the feed failed", failure.get());
        }
        return result.get().delivery();
    }

    @Override
    public void close() {
        thread.interrupt();
        try {
            thread.join(180_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            publisher.close();
        }
    }
}
