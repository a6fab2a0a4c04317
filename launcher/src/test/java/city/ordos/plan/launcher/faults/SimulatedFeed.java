package city.ordos.plan.launcher.faults;

import city.ordos.plan.producers.DeliveryReport;
import city.ordos.plan.producers.EventPublisher;
import city.ordos.plan.producers.Pacer;
import city.ordos.plan.producers.sim.ScenarioConfig;
import city.ordos.plan.producers.sim.SimEvent;
import city.ordos.plan.producers.sim.Simulation;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulator publishing a scenario at a steady rate on a thread of its own, so that faults can
 * be injected while events keep arriving (the driver of Kafka's EOS system test plays this part).
 * Every value schema is registered before the first send, so the feed itself never needs the
 * registry mid-stream. {@link #stop()} ends it between two events (no interrupt: an interrupted
 * send or registry call would fail the feed rather than stop it); what was sent is flushed.
 */
final class SimulatedFeed implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SimulatedFeed.class);

    private final ScenarioConfig scenario;
    private final double eventsPerSecond;
    private final EventPublisher publisher;
    private final Thread thread;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile boolean stopping;

    SimulatedFeed(ScenarioConfig scenario, Map<String, Object> producerAndRegistry, double eventsPerSecond) {
        this.scenario = scenario;
        this.eventsPerSecond = eventsPerSecond;
        this.publisher = new EventPublisher(producerAndRegistry, true);
        registerSchemas();
        this.thread = new Thread(this::publish, "simulated-feed");
        thread.setDaemon(true);
    }

    private void registerSchemas() {
        Set<String> topics = new HashSet<>();
        long[] total = {0};
        try (Stream<SimEvent> events = Simulation.events(scenario)) {
            events.forEach(e -> {
                total[0]++;
                if (!e.isRaw() && topics.add(e.topic())) {
                    publisher.encode(e.topic(), e.value());
                }
            });
        }
        LOG.info("feed: {} events of scenario {} at {} events/s", total[0], scenario.scenario(), eventsPerSecond);
    }

    private void publish() {
        Pacer pacer = Pacer.live(eventsPerSecond);
        try (Stream<SimEvent> events = Simulation.events(scenario)) {
            Iterator<SimEvent> it = events.iterator();
            while (!stopping && it.hasNext()) {
                SimEvent e = it.next();
                pacer.await(e.timestamp());
                publisher.send(e);
            }
            publisher.flush();
        } catch (Throwable t) {
            failure.set(t);
            throw t;
        }
    }

    SimulatedFeed start() {
        thread.start();
        return this;
    }

    /** Events handed to the producer so far (delivered or not yet). */
    long sent() {
        return publisher.report().sent();
    }

    boolean finished() {
        return !thread.isAlive();
    }

    /** Stops publishing after the current event, waits for the flush and returns the delivery report. */
    DeliveryReport stop() throws InterruptedException {
        stopping = true;
        return awaitEnd();
    }

    /** Waits until every event of the scenario is published and flushed. */
    DeliveryReport awaitEnd() throws InterruptedException {
        thread.join(180_000);
        if (thread.isAlive()) {
            throw new IllegalStateException("the feed did not end within 3 min");
        }
        if (failure.get() != null) {
            throw new IllegalStateException("the feed failed", failure.get());
        }
        return publisher.report();
    }

    @Override
    public void close() {
        stopping = true;
        try {
            thread.join(180_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            publisher.close();
        }
    }
}
