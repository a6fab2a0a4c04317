package city.ordos.plan.launcher;

import city.ordos.plan.avro.GoalDefinition;
import city.ordos.plan.catalog.BuiltInCatalog;
import city.ordos.plan.catalog.CatalogPublisher;
import city.ordos.plan.catalog.PublishResult;
import city.ordos.plan.topics.OrdosTopics;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Puts goal definitions on the compacted goals topic (the one-command run publishes the built-in 2025 catalog). */
public final class CatalogPublishing {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private CatalogPublishing() {}

    /** The built-in catalog, validated (a catalog error stops the start with every problem listed). */
    public static List<GoalDefinition> builtIn() {
        return BuiltInCatalog.goals();
    }

    /**
     * Publishes the goals of one plan through the catalog's own publisher: only new or changed goals
     * are sent, so restarting the app on the same data changes nothing, and nothing is pruned.
     *
     * @param clientConfig Kafka client and schema registry settings in one map
     */
    public static PublishResult publish(List<GoalDefinition> goals, Map<String, ?> clientConfig, OrdosTopics topics) {
        if (goals.isEmpty()) {
            throw new IllegalArgumentException("no goals to publish");
        }
        return new CatalogPublisher(clientConfig, topics, TIMEOUT)
                .publish(goals.get(0).getPlanId(), goals, false);
    }
}
