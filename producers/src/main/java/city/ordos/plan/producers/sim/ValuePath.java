package city.ordos.plan.producers.sim;

import java.time.LocalDate;

/** What one source states over the year, in the unit of its atom. */
interface ValuePath {

    /** The year-to-date total or the level as of the end of {@code asOf}. */
    double at(LocalDate asOf);

    /** The quantity of the days {@code from}..{@code to} (inclusive). */
    double flow(LocalDate from, LocalDate to);

    /** Work done so far this year: {@code total} spread by a (per-source) pace curve. */
    record Cumulative(double total, PaceCurve curve, int year) implements ValuePath {
        @Override
        public double at(LocalDate asOf) {
            return total * curve.through(asOf, year);
        }

        @Override
        public double flow(LocalDate from, LocalDate to) {
            return total * curve.between(from, to, year);
        }
    }

    /** A stock that moves from {@code start} by {@code (end - start)} along a pace curve (installed capacity). */
    record Level(double start, double end, PaceCurve curve, int year) implements ValuePath {
        @Override
        public double at(LocalDate asOf) {
            return start + (end - start) * curve.through(asOf, year);
        }

        @Override
        public double flow(LocalDate from, LocalDate to) {
            return at(to);
        }
    }

    /**
     * A level that builds up, stated ahead of its path by the days until its next statement is in:
     * an on-track source that reports every quarter is where the path will be when its next report
     * arrives, or it would read behind the expected value of every day between its reports.
     */
    record Ahead(ValuePath path, int days) implements ValuePath {
        @Override
        public double at(LocalDate asOf) {
            return path.at(asOf.plusDays(days));
        }

        @Override
        public double flow(LocalDate from, LocalDate to) {
            return at(to);
        }
    }

    /**
     * One source's part of a few whole things counted across sources (8 areas over 9 counties):
     * the city's path rounded up to whole things, of which this source holds the {@code units} after
     * the first {@code before}. Together the sources state exactly the city's whole count: each
     * thing in one place, none before its turn, the count never behind the path.
     */
    record WholeUnits(ValuePath city, long before, long units) implements ValuePath {
        @Override
        public double at(LocalDate asOf) {
            long whole = (long) Math.ceil(city.at(asOf) - 1e-9);
            return Math.max(0, Math.min(units, whole - before));
        }

        @Override
        public double flow(LocalDate from, LocalDate to) {
            return city instanceof Cumulative ? at(to) - at(from.minusDays(1)) : at(to);
        }
    }

    /**
     * A value that holds steady (a growth rate, a coefficient, a herd on hand) with a small monthly
     * wobble, and from {@code driftFromMonth} drifts linearly to {@code end} by 31 December.
     */
    record Drift(double start, double end, int driftFromMonth, double wobble, long seed, String name, int year)
            implements ValuePath {
        @Override
        public double at(LocalDate asOf) {
            double w = wobble * (2 * Seeds.uniform(seed, name + "|" + asOf.getMonthValue()) - 1);
            double base = start;
            LocalDate driftStart = LocalDate.of(year, driftFromMonth, 1);
            if (end != start && !asOf.isBefore(driftStart)) {
                double span = LocalDate.of(year, 12, 31).toEpochDay() - driftStart.toEpochDay();
                double done = Math.min(1.0, (asOf.toEpochDay() - driftStart.toEpochDay()) / span);
                base = start + (end - start) * done;
            }
            return base + w;
        }

        @Override
        public double flow(LocalDate from, LocalDate to) {
            return at(to);
        }
    }
}
