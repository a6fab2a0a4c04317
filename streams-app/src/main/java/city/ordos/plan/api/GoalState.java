package city.ordos.plan.api;

import city.ordos.plan.avro.GoalProgress;
import java.util.List;
import java.util.Optional;

/**
 * This instance's own share of the goal state (interactive queries over its active stores), and
 * where the rest lives. Throws {@link StateUnavailableException} while the stores cannot be read
 * (rebalancing, restoring).
 */
public interface GoalState {

    /** Latest progress of every goal whose task is active on this instance. */
    List<GoalProgress> localProgress();

    Optional<GoalProgress> localProgress(String goalKey);

    /** The contributions behind a goal from the sources this instance holds (its share; every instance has one). */
    List<Views.Contribution> localContributions(String goalKey);

    /** Which instance owns a goal; empty while nobody does (rebalancing). */
    Optional<Instance> ownerOf(String goalKey);

    /** Every instance of the application (this one included). */
    List<Instance> instances();

    /** This instance. */
    Instance self();

    /** An instance of the application, by its {@code application.server} endpoint. */
    record Instance(String host, int port) {
        public String baseUrl() {
            return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        }

        @Override
        public String toString() {
            return host + ":" + port;
        }
    }

    /** The state cannot be read right now; retry shortly. */
    class StateUnavailableException extends RuntimeException {
        public StateUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
