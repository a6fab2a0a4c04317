package city.ordos.plan.progress;

import city.ordos.plan.avro.Comparator;
import city.ordos.plan.avro.GoalDefinition;
import city.ordos.plan.avro.GoalKind;
import city.ordos.plan.avro.GoalStatus;
import city.ordos.plan.units.AmountLimits;
import city.ordos.plan.units.UnitTable;
import city.ordos.plan.vocabulary.PlanCalendar;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;

/**
 * Turns a goal's aggregated figures into actual, expected-by-now, projected year-end, progress
 * ratio and status. Pure: same inputs, same answer.
 *
 * <p>Rules (docs/topology.md explains them for users):
 * <ul>
 *   <li>actual: CUMULATIVE and LEVEL the feed sum; SHARE and INTENSITY_CAP numerator / denominator
 *   x ratioScale (a ratio of aggregates); GROWTH the latest official release, or with a 2024
 *   baseline (aggregate / (baseline x share of the year the data covers) - 1) x 100;</li>
 *   <li>expected: CUMULATIVE target x pace fraction of the day; a level that builds up
 *   ({@link #buildsUp}) startLevel + (target - startLevel) x pace fraction; every other goal the
 *   target, all year;</li>
 *   <li>projected year-end: CUMULATIVE actual / pace fraction at the data's as-of; a level that
 *   builds up startLevel + (actual - startLevel) / that fraction, for REACH at most the target (or
 *   the actual, if beyond it); others the actual;</li>
 *   <li>status: NO_DATA without data; ACHIEVED when met (rates, shares and caps only once the year
 *   is over, since they can still move); STALE after cadenceDays without a report; otherwise the
 *   worse of actual/expected and projected/target (cumulative goals and levels that build up)
 *   against atRiskBelow (0.95) and behindBelow (0.85);
 *   for AT_MOST (lower is better) the ratio is target/value.</li>
 * </ul>
 */
public final class GoalEvaluator {

    public static final double DEFAULT_AT_RISK_BELOW = 0.95;
    public static final double DEFAULT_BEHIND_BELOW = 0.85;
    private static final int SCALE = 6;
    private static final MathContext MC = MathContext.DECIMAL128;
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private GoalEvaluator() {}

    public static Evaluation evaluate(GoalDefinition goal, Figures figures, Instant asOf) {
        PlanCalendar calendar = PlanCalendar.of(goal.getPlanYear());
        PaceProfile pace = PaceProfile.parse(goal.getPace());
        BigDecimal target = goal.getTarget();
        BigDecimal tolerance = (goal.getComparator() == Comparator.ABOUT || goal.getComparator() == Comparator.HOLD_AT)
                        && goal.getTolerance() != null
                ? goal.getTolerance().abs()
                : BigDecimal.ZERO;
        BigDecimal expected = expectedBy(goal, target, pace.fraction(calendar, asOf));
        BigDecimal actual = publishable(actual(goal, figures, calendar, pace));
        if (actual == null) {
            return new Evaluation(null, scaled(expected), null, null, GoalStatus.NO_DATA);
        }
        BigDecimal projected = publishable(projected(goal, actual, figures, calendar, pace, asOf));
        boolean lowerIsBetter = goal.getComparator() == Comparator.AT_MOST;
        Double ratio = lowerIsBetter ? divide(target, actual) : divide(actual, target);
        GoalStatus status =
                status(goal, figures, asOf, calendar, pace, target, tolerance, actual, projected, lowerIsBetter);
        return new Evaluation(scaled(actual), scaled(expected), scaled(projected), ratio, status);
    }

    /**
     * True when the goal's level is expected to climb from its start level to the target along its
     * pace (projects started, villages in a reform, a coverage rising to 100 %). Without a start
     * level a LEVEL or SHARE goal is a stock judged against its target all year, whatever pace the
     * catalog gives it (the simulator still shapes its data by that pace): the pace of a stock says
     * nothing about what is expected on a day unless the level it climbs from is known.
     */
    public static boolean buildsUp(GoalDefinition goal) {
        return (goal.getKind() == GoalKind.LEVEL || goal.getKind() == GoalKind.SHARE)
                && goal.getStartLevel() != null
                && PaceProfile.parse(goal.getPace()) != PaceProfile.CONSTANT
                && goal.getComparator() != Comparator.AT_MOST
                && goal.getComparator() != Comparator.HOLD_AT;
    }

    /**
     * The pace the goal is judged by: its own for cumulative goals, for growth against a baseline
     * (the share of the baseline a stretch of the year accounts for) and for levels that build up;
     * CONSTANT (the target all year) for every other goal.
     */
    public static String judgedPace(GoalDefinition goal) {
        boolean paced = switch (goal.getKind()) {
            case CUMULATIVE -> true;
            case GROWTH -> goal.getBaseline2024() != null;
            case LEVEL, SHARE -> buildsUp(goal);
            case INTENSITY_CAP -> false;
        };
        return paced ? PaceProfile.parse(goal.getPace()).name() : PaceProfile.CONSTANT.name();
    }

    /** What is expected when {@code fraction} of the year's pace is done, for the line {@code line}. */
    private static BigDecimal expectedBy(GoalDefinition goal, BigDecimal line, double fraction) {
        if (goal.getKind() == GoalKind.CUMULATIVE) {
            return line.multiply(BigDecimal.valueOf(fraction), MC);
        }
        if (buildsUp(goal)) {
            BigDecimal start = goal.getStartLevel();
            return start.add(line.subtract(start).multiply(BigDecimal.valueOf(fraction), MC), MC);
        }
        return line;
    }

    static BigDecimal actual(GoalDefinition goal, Figures figures, PlanCalendar calendar, PaceProfile pace) {
        if (figures.contributions() == 0) {
            return null;
        }
        return switch (goal.getKind()) {
            case CUMULATIVE, LEVEL -> inGoalUnit(goal, figures.feed());
            case SHARE, INTENSITY_CAP -> {
                if (figures.numerator() == null
                        || figures.denominator() == null
                        || figures.denominator().signum() == 0) {
                    yield null;
                }
                BigDecimal scale = goal.getRatioScale() == null ? BigDecimal.ONE : goal.getRatioScale();
                yield figures.numerator().multiply(scale, MC).divide(figures.denominator(), MC);
            }
            case GROWTH -> {
                if (figures.feed() == null || goal.getBaseline2024() == null) {
                    yield figures.feed();
                }
                // The 2024 baseline is a full-year value; compare like with like by taking the share
                // of it that the same stretch of 2024 accounts for under the goal's pace profile.
                double share = figures.latestEventTime() == null
                        ? 1.0
                        : pace.accrualFraction(calendar, Instant.ofEpochMilli(figures.latestEventTime()));
                BigDecimal comparable = goal.getBaseline2024().multiply(BigDecimal.valueOf(share), MC);
                if (comparable.signum() == 0) {
                    yield null;
                }
                yield figures.feed()
                        .divide(comparable, MC)
                        .subtract(BigDecimal.ONE)
                        .multiply(HUNDRED, MC);
            }
        };
    }

    /**
     * True when the goal's county breakdown is of a feed aggregate as kept, not of the goal's own
     * figure: a ratio's counties are its numerator's sums (a share of a county's part is not a
     * share), and a growth's counties are this year's amounts (a county's growth needs a county
     * baseline the plan does not give).
     */
    public static boolean countiesOfTheFeed(GoalDefinition goal) {
        return goal.getKind() == GoalKind.SHARE
                || goal.getKind() == GoalKind.INTENSITY_CAP
                || goal.getKind() == GoalKind.GROWTH;
    }

    /** The unit of the goal's county breakdown ({@link #countiesOfTheFeed}); the goal's own otherwise. */
    public static String countyUnit(GoalDefinition goal) {
        if (!countiesOfTheFeed(goal)) {
            return goal.getUnit();
        }
        if (goal.getNumerator() != null) {
            return goal.getNumerator().getUnit();
        }
        return goal.getFeed() != null ? goal.getFeed().getUnit() : goal.getUnit();
    }

    /**
     * A feed aggregate expressed in the goal's unit. The aggregate is kept in the feed's (usually
     * finer) unit so that sums stay exact at six decimals; the catalog validator guarantees the two
     * units are convertible.
     */
    public static BigDecimal inGoalUnit(GoalDefinition goal, BigDecimal feedValue) {
        if (feedValue == null
                || goal.getFeed() == null
                || goal.getFeed().getUnit().equals(goal.getUnit())) {
            return feedValue;
        }
        return UnitTable.standard().convert(feedValue, goal.getFeed().getUnit(), goal.getUnit());
    }

    private static BigDecimal projected(
            GoalDefinition goal,
            BigDecimal actual,
            Figures figures,
            PlanCalendar calendar,
            PaceProfile pace,
            Instant asOf) {
        boolean buildsUp = buildsUp(goal);
        if (goal.getKind() != GoalKind.CUMULATIVE && !buildsUp) {
            return actual;
        }
        Instant dataAsOf = figures.latestEventTime() == null
                ? asOf
                : Instant.ofEpochMilli(Math.min(figures.latestEventTime(), asOf.toEpochMilli()));
        double fraction = pace.accrualFraction(calendar, dataAsOf);
        if (fraction >= 1.0) {
            return actual;
        }
        if (fraction <= 0.0) {
            return null;
        }
        // a level that builds up goes on climbing from its start at the pace it has kept so far
        BigDecimal start = buildsUp ? goal.getStartLevel() : BigDecimal.ZERO;
        BigDecimal projected = start.add(actual.subtract(start).divide(BigDecimal.valueOf(fraction), MC), MC);
        // ... but a level to reach counts a closed list (7 county medical communities): early in a
        // year-end pace, 3 of them would project 20
        if (buildsUp && goal.getComparator() == Comparator.REACH) {
            return projected.min(goal.getTarget().max(actual));
        }
        return projected;
    }

    private static GoalStatus status(
            GoalDefinition goal,
            Figures figures,
            Instant asOf,
            PlanCalendar calendar,
            PaceProfile pace,
            BigDecimal target,
            BigDecimal tolerance,
            BigDecimal actual,
            BigDecimal projected,
            boolean lowerIsBetter) {
        boolean yearOver = calendar.isOver(asOf);
        boolean settles = goal.getKind() == GoalKind.CUMULATIVE || goal.getKind() == GoalKind.LEVEL;
        double atRisk = goal.getAtRiskBelow() == null ? DEFAULT_AT_RISK_BELOW : goal.getAtRiskBelow();
        double behind = goal.getBehindBelow() == null ? DEFAULT_BEHIND_BELOW : goal.getBehindBelow();
        boolean stale = isStale(goal, figures, asOf);

        if (lowerIsBetter) {
            BigDecimal judged = goal.getKind() == GoalKind.CUMULATIVE && projected != null ? projected : actual;
            if (judged.compareTo(target) <= 0) {
                return yearOver ? GoalStatus.ACHIEVED : stale ? GoalStatus.STALE : GoalStatus.ON_TRACK;
            }
            if (stale) {
                return GoalStatus.STALE;
            }
            // Over a cap is never on track, however small the excess.
            Double r = divide(target, judged);
            GoalStatus s = classify(r == null ? 0.0 : r, atRisk, behind);
            return s == GoalStatus.ON_TRACK ? GoalStatus.AT_RISK : s;
        }

        BigDecimal line = target.subtract(tolerance);
        if (actual.compareTo(line) >= 0) {
            return settles || yearOver ? GoalStatus.ACHIEVED : stale ? GoalStatus.STALE : GoalStatus.ON_TRACK;
        }
        if (stale) {
            return GoalStatus.STALE;
        }
        // The line the actual must stand on today, as the expected value shown beside it: the
        // expected path, drawn to the target less its tolerance instead of to the target. Data
        // stated as of an earlier day is held against it too (a cumulative goal's always was); the
        // projection, from the data's own day, is the other half of the judgement.
        BigDecimal expectedLine = expectedBy(goal, line, pace.fraction(calendar, asOf));
        double r = expectedLine.signum() <= 0
                ? 1.0
                : actual.divide(expectedLine, MC).doubleValue();
        if ((goal.getKind() == GoalKind.CUMULATIVE || buildsUp(goal)) && projected != null && line.signum() > 0) {
            r = Math.min(r, projected.divide(line, MC).doubleValue());
        }
        return classify(r, atRisk, behind);
    }

    static boolean isStale(GoalDefinition goal, Figures figures, Instant asOf) {
        if (figures.latestReportedAt() == null || goal.getCadenceDays() <= 0) {
            return false;
        }
        Duration silence = Duration.between(Instant.ofEpochMilli(figures.latestReportedAt()), asOf);
        return silence.compareTo(Duration.ofDays(goal.getCadenceDays())) > 0;
    }

    private static GoalStatus classify(double ratio, double atRiskBelow, double behindBelow) {
        if (ratio < behindBelow) {
            return GoalStatus.BEHIND;
        }
        if (ratio < atRiskBelow) {
            return GoalStatus.AT_RISK;
        }
        return GoalStatus.ON_TRACK;
    }

    private static Double divide(BigDecimal a, BigDecimal b) {
        if (a == null || b == null || b.signum() == 0) {
            return null;
        }
        return a.divide(b, MC).doubleValue();
    }

    /**
     * A derived figure the contract's decimal(38,6) cannot hold (a ratio over a denominator of a
     * millionth, a projection from the first days of a seasonal year) is not computable, like a ratio
     * over zero: null, never a record that fails to encode. Sums cannot get here (AmountLimits).
     */
    static BigDecimal publishable(BigDecimal figure) {
        return figure == null || AmountLimits.representable(figure) ? figure : null;
    }

    /** Avro decimals in this contract have scale 6 exactly. */
    public static BigDecimal scaled(BigDecimal value) {
        return value == null ? null : value.setScale(SCALE, RoundingMode.HALF_EVEN);
    }
}
