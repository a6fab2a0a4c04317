package city.ordos.plan.api;

import java.util.Optional;

/**
 * Whether the pipeline has worked through what was in its topics when it was first asked. A
 * month-end report made before that would be the picture of a partly replayed year (after a reset,
 * a new deployment, or an outage while the departments kept reporting).
 */
@FunctionalInterface
public interface PipelineCatchUp {

    /** Never behind: where nothing waits for the pipeline (month-end reports not made by themselves). */
    PipelineCatchUp NEVER_BEHIND = Optional::empty;

    /**
     * Empty once caught up; otherwise what is still to be processed, in words for the log. Each call
     * after an empty answer starts a new mark at the topics' current ends.
     */
    Optional<String> behind();
}
