package city.ordos.plan.api;

import city.ordos.plan.avro.GoalProgress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A single instance holding its goals in a map: for tests of the HTTP layer alone. */
final class InMemoryGoalState implements GoalState {

    final Map<String, GoalProgress> progress = new ConcurrentHashMap<>();
    final Map<String, List<Views.Contribution>> contributions = new ConcurrentHashMap<>();

    void put(GoalProgress p, List<Views.Contribution> c) {
        String key = p.getPlanId() + "/" + p.getGoalId();
        progress.put(key, p);
        contributions.put(key, c);
    }

    @Override
    public List<GoalProgress> localProgress() {
        return List.copyOf(progress.values());
    }

    @Override
    public Optional<GoalProgress> localProgress(String goalKey) {
        return Optional.ofNullable(progress.get(goalKey));
    }

    @Override
    public List<Views.Contribution> localContributions(String goalKey) {
        return contributions.getOrDefault(goalKey, List.of());
    }

    @Override
    public Optional<Instance> ownerOf(String goalKey) {
        return Optional.of(self());
    }

    @Override
    public List<Instance> instances() {
        return List.of(self());
    }

    @Override
    public Instance self() {
        return new Instance("localhost", -1);
    }
}
