package city.ordos.plan.progress.topology;

import city.ordos.plan.avro.Statement;
import city.ordos.plan.deadletters.DeadLetters;
import java.util.List;

/**
 * An input record that feeds at least one goal, passed in memory from progress-intake to
 * progress-partial-sums (never serialized): its statements, one per (goal, role) it feeds; the goals
 * it could not feed and why; and the record itself, so that whatever is still found wrong with it
 * while summing leaves in the same single dead letter, with its original bytes.
 */
record AcceptedRecord(
        String sourceId, List<Statement> statements, List<Rejection> rejections, DeadLetters.Origin origin) {}
