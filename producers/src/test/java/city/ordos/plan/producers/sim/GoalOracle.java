package city.ordos.plan.producers.sim;

import city.ordos.plan.avro.EnergyReading;
import city.ordos.plan.avro.EnvironmentReading;
import city.ordos.plan.avro.FeedSelector;
import city.ordos.plan.avro.GoalDefinition;
import city.ordos.plan.avro.InvestmentReport;
import city.ordos.plan.avro.Quantity;
import city.ordos.plan.avro.StatementHeader;
import city.ordos.plan.avro.StatementType;
import city.ordos.plan.avro.StatisticsRelease;
import city.ordos.plan.topics.OrdosTopics;
import city.ordos.plan.vocabulary.PlanCalendar;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;

/**
 * A test-side reading of the DESIGN rules (latest statement per source, or per source and period,
 * wins; the actual is the sum; ratios are ratios of sums), written independently of the simulator
 * so tests can check what a goal's actual would be.
 */
final class GoalOracle {

    record Fields(
            String topic,
            String sourceId,
            String metric,
            String category,
            StatementType statement,
            String period,
            Instant eventTime,
            Instant reportedAt,
            double value,
            String unit) {}

    static Fields fields(SimEvent e) {
        SpecificRecord v = e.value();
        StatementHeader h;
        String metric;
        String category;
        StatementType st;
        String period;
        Quantity q;
        if (v instanceof InvestmentReport r) {
            h = r.getHeader();
            metric = r.getMetric();
            category = r.getTier();
            st = r.getStatement();
            period = r.getPeriod();
            q = r.getQuantity();
        } else if (v instanceof EnergyReading r) {
            h = r.getHeader();
            metric = r.getMetric();
            category = r.getEnergySource();
            st = r.getStatement();
            period = r.getPeriod();
            q = r.getQuantity();
        } else if (v instanceof EnvironmentReading r) {
            h = r.getHeader();
            metric = r.getMetric();
            category = r.getCategory();
            st = r.getStatement();
            period = r.getPeriod();
            q = r.getQuantity();
        } else {
            StatisticsRelease r = (StatisticsRelease) v;
            h = r.getHeader();
            metric = r.getMetric();
            category = null;
            st = r.getStatement();
            period = r.getPeriod();
            q = r.getQuantity();
        }
        return new Fields(
                e.topic(),
                h.getSourceId(),
                metric,
                category,
                st,
                period,
                h.getEventTime(),
                h.getReportedAt(),
                q.getValue().doubleValue(),
                q.getUnit());
    }

    /** Factor to convert a value in {@code from} to {@code to}, for the prefixes 亿 and 万 only. */
    static Double factor(String from, String to) {
        if (from.equals(to)) {
            return 1.0;
        }
        double[] f = new double[2];
        String[] base = new String[2];
        String[] units = {from, to};
        for (int i = 0; i < 2; i++) {
            String u = units[i];
            if (u.startsWith("亿") && u.length() > 1) {
                f[i] = 1e8;
                base[i] = u.substring(1);
            } else if (u.startsWith("万") && u.length() > 1) {
                f[i] = 1e4;
                base[i] = u.substring(1);
            } else {
                f[i] = 1;
                base[i] = u;
            }
        }
        return base[0].equals(base[1]) ? f[0] / f[1] : null;
    }

    static boolean matches(Fields f, FeedSelector s, OrdosTopics topics) {
        return f.topic.equals(topics.input(s.getStream()).name())
                && f.metric.equals(s.getMetric())
                && f.statement == s.getStatement()
                && (s.getCategories().isEmpty()
                        || f.category != null && s.getCategories().contains(f.category))
                && factor(f.unit, s.getUnit()) != null;
    }

    /** Sum of the latest statements matching the selector among events delivered up to {@code until}. */
    static Double aggregate(List<SimEvent> events, FeedSelector s, OrdosTopics topics, Instant until) {
        Map<String, Fields> latest = new HashMap<>();
        for (SimEvent e : events) {
            if (e.defect() != Defect.NONE || e.timestamp() > until.toEpochMilli()) {
                continue;
            }
            Fields f = fields(e);
            if (!matches(f, s, topics) || f.eventTime.atZone(PlanCalendar.ZONE).getYear() != 2025) {
                continue;
            }
            String key = f.statement == StatementType.PERIOD_FLOW ? f.sourceId + "|" + f.period : f.sourceId;
            Fields held = latest.get(key);
            if (held == null
                    || f.eventTime.isAfter(held.eventTime)
                    || f.eventTime.equals(held.eventTime) && !f.reportedAt.isBefore(held.reportedAt)) {
                latest.put(key, f);
            }
        }
        if (latest.isEmpty()) {
            return null;
        }
        return latest.values().stream()
                .mapToDouble(f -> f.value * factor(f.unit, s.getUnit()))
                .sum();
    }

    /** The goal's actual in its own unit (selector unit and goal unit differ only by prefix in the samples). */
    static Double actual(GoalDefinition g, List<SimEvent> events, OrdosTopics topics, Instant until) {
        if (g.getNumerator() != null) {
            Double n = aggregate(events, g.getNumerator(), topics, until);
            Double d = aggregate(events, g.getDenominator(), topics, until);
            if (n == null || d == null || d == 0) {
                return null;
            }
            double scale = g.getRatioScale() == null ? 1 : g.getRatioScale().doubleValue();
            return n / d * scale;
        }
        Double a = aggregate(events, g.getFeed(), topics, until);
        if (a == null) {
            return null;
        }
        Double f = factor(g.getFeed().getUnit(), g.getUnit());
        return a * (f == null ? 1 : f);
    }

    static boolean meetsTarget(GoalDefinition g, double actual) {
        double t = g.getTarget().doubleValue();
        double tol = g.getTolerance() == null ? 0 : g.getTolerance().doubleValue();
        return switch (g.getComparator()) {
            case AT_LEAST, REACH -> actual >= t;
            case AT_MOST -> actual <= t;
            case ABOUT -> Math.abs(actual - t) <= (tol > 0 ? tol : t * 0.02);
            case HOLD_AT -> actual >= t * (1 - 0.01) - tol;
        };
    }
}
