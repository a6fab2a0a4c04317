package city.ordos.plan.producers.sim;

import city.ordos.plan.avro.County;
import city.ordos.plan.avro.InputStream;
import city.ordos.plan.avro.StatementType;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * One simulated statement before it becomes an Avro record: who states what about when, and what
 * is deliberately wrong with it (for the dirty scenario).
 */
public record Statement(
        String eventId,
        InputStream stream,
        String sourceId,
        County county,
        String metric,
        StatementType statement,
        String period,
        Instant eventTime,
        Instant reportedAt,
        BigDecimal value,
        String unit,
        SourceDetails details,
        Defect defect) {

    public Statement withDefect(
            String newEventId,
            Defect newDefect,
            Instant newEventTime,
            Instant newReportedAt,
            BigDecimal newValue,
            String newUnit) {
        return new Statement(
                newEventId,
                stream,
                sourceId,
                county,
                metric,
                statement,
                period,
                newEventTime,
                newReportedAt,
                newValue,
                newUnit,
                details,
                newDefect);
    }

    public Statement restated(String newEventId, Instant newReportedAt, BigDecimal newValue) {
        return new Statement(
                newEventId,
                stream,
                sourceId,
                county,
                metric,
                statement,
                period,
                eventTime,
                newReportedAt,
                newValue,
                unit,
                details,
                defect);
    }

    /** The category a feed selector matches: tier, energy source or environment category. */
    public String category() {
        if (details instanceof SourceDetails.Investment i) {
            return i.tier();
        }
        if (details instanceof SourceDetails.Energy e) {
            return e.energySource();
        }
        if (details instanceof SourceDetails.Environment e) {
            return e.category();
        }
        return null;
    }
}
