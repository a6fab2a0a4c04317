package city.ordos.plan.catalog;

import java.util.List;

/**
 * What one publication of a plan's catalog did, by goal id.
 *
 * @param created   goals that were not on the topic
 * @param updated   goals whose record changed (target, feed rule, names ...)
 * @param unchanged goals already on the topic with exactly this record: nothing sent
 * @param removed   goals on the topic but not in the file, tombstoned (prune requested)
 * @param orphaned  goals on the topic but not in the file, left alone (prune not requested)
 */
public record PublishResult(
        String planId,
        List<String> created,
        List<String> updated,
        List<String> unchanged,
        List<String> removed,
        List<String> orphaned) {
    public PublishResult {
        created = List.copyOf(created);
        updated = List.copyOf(updated);
        unchanged = List.copyOf(unchanged);
        removed = List.copyOf(removed);
        orphaned = List.copyOf(orphaned);
    }

    /** Records sent to the topic (goals and tombstones). */
    public int sent() {
        return created.size() + updated.size() + removed.size();
    }

    @Override
    public String toString() {
        return planId + ": " + created.size() + " created, " + updated.size() + " updated, " + unchanged.size()
                + " unchanged, " + removed.size() + " removed"
                + (orphaned.isEmpty()
                        ? ""
                        : ", " + orphaned.size()
                                + " on the topic but not in the file (kept; publish with prune to remove): "
                                + orphaned);
    }
}
