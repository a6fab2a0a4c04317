package city.ordos.plan.progress.topology;

import city.ordos.plan.avro.Statement;
import java.util.Objects;

/**
 * A statement the sums kept (did not refuse), older ones and duplicates included, with the
 * statement that stood for its key before it ({@code standingBefore}, null when none did). Passed
 * in memory within the input task, never serialized.
 *
 * <p>Why the standing one travels along: the greatest statement of a key is also the one of the
 * key's last day in time travel (its day follows from its event time, which orders both), so time
 * travel reads the key's last day from it instead of keeping a store of last days, a read, a write
 * and a changelog record per event (docs/performance.md).
 */
public record KeptStatement(Statement statement, Statement standingBefore) {
    public KeptStatement {
        Objects.requireNonNull(statement, "statement");
    }
}
