package city.ordos.plan.progress.topology;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Why an input record cannot be used, for one goal ({@code goalKey}) or for all of it (null): a
 * reason code from {@link city.ordos.plan.deadletters.ReasonCodes} and a message naming the field
 * and value at fault.
 */
record Rejection(String reasonCode, String message, String goalKey) {

    Rejection(String reasonCode, String message) {
        this(reasonCode, message, null);
    }

    Rejection forGoal(String goal) {
        return new Rejection(reasonCode, message, goal);
    }

    /** What one dead letter says about a record: the first problem's code, every distinct problem once, the goals. */
    record Summary(String reasonCode, String message, List<String> goals) {}

    /**
     * One letter for several rejections of one record. The same problem for several goals (a
     * negative reading that three goals read) is told once, naming its goals; different problems
     * are each told with their own code.
     */
    static Summary summarize(List<Rejection> rejections) {
        Map<String, Set<String>> goalsByProblem = new LinkedHashMap<>();
        Map<String, Rejection> firstByProblem = new LinkedHashMap<>();
        Set<String> goals = new LinkedHashSet<>();
        for (Rejection r : rejections) {
            String problem = r.reasonCode() + "\u0000" + r.message();
            firstByProblem.putIfAbsent(problem, r);
            Set<String> of = goalsByProblem.computeIfAbsent(problem, p -> new LinkedHashSet<>());
            if (r.goalKey() != null) {
                of.add(r.goalKey());
                goals.add(r.goalKey());
            }
        }
        List<String> parts = new ArrayList<>();
        boolean several = firstByProblem.size() > 1;
        firstByProblem.forEach((problem, r) -> {
            Set<String> of = goalsByProblem.get(problem);
            String part = (several ? r.reasonCode() + ": " : "") + r.message();
            parts.add(of.isEmpty() ? part : part + " (" + goalWord(of) + String.join(", ", of) + ")");
        });
        return new Summary(rejections.get(0).reasonCode(), String.join("; ", parts), List.copyOf(goals));
    }

    private static String goalWord(Set<String> goals) {
        return goals.size() == 1 ? "goal " : "goals ";
    }

    /** Thrown while checking a record; carries the rejection to the intake processor. */
    static final class Exception extends java.lang.Exception {
        private final transient Summary summary;

        Exception(String reasonCode, String message, Throwable cause) {
            super(message, cause, false, false);
            this.summary = new Summary(reasonCode, message, List.of());
        }

        Exception(Summary summary) {
            super(summary.message(), null, false, false);
            this.summary = summary;
        }

        Summary summary() {
            return summary;
        }

        Rejection rejection() {
            return new Rejection(summary.reasonCode(), summary.message());
        }
    }
}
