package city.ordos.plan.producers.sim;

import city.ordos.plan.pace.PaceWeights;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * How a year's quantity is spread over the months: the share done in each month (summing to 1
 * for a source on its normal path). The shapes follow the catalog's pace profiles; the
 * construction profile reflects Inner Mongolia, where frozen ground stops most building work in
 * January and February and the season peaks in summer.
 */
public final class PaceCurve {

    private static final double[] LINEAR = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

    private final double[] monthly;
    private final double[] cumulativeBefore;

    private PaceCurve(double[] monthly) {
        this.monthly = monthly;
        this.cumulativeBefore = new double[13];
        for (int m = 0; m < 12; m++) {
            cumulativeBefore[m + 1] = cumulativeBefore[m] + monthly[m];
        }
    }

    /**
     * The profile's normalised monthly shares: the app's own {@link PaceWeights}, so that a source
     * on its normal path keeps the pace the app expects; unknown or level-like profiles spread
     * linearly over the days.
     */
    public static PaceCurve of(String pace) {
        double[] w = PaceWeights.forPace(pace).map(PaceWeights::monthly).orElse(LINEAR);
        return new PaceCurve(normalise(w));
    }

    /** A per-source variant: each month's share moves by up to {@code jitter} (relative), renormalised. */
    public PaceCurve jittered(SplittableRandom random, double jitter) {
        double[] w = monthly.clone();
        for (int m = 0; m < 12; m++) {
            w[m] = w[m] * (1 + jitter * (2 * random.nextDouble() - 1));
        }
        return new PaceCurve(normalise(w));
    }

    /**
     * From {@code fromMonth} (1-12) on, the months deliver only {@code factor} of their normal share:
     * the source falls behind (factor below 1) or overshoots (above 1). Not renormalised: the year
     * ends at a different total.
     */
    public PaceCurve scaledFrom(int fromMonth, double factor) {
        double[] w = monthly.clone();
        for (int m = fromMonth - 1; m < 12; m++) {
            w[m] = w[m] * factor;
        }
        return new PaceCurve(w);
    }

    /** Share of the year's quantity done by the end of {@code date} (dates outside the year clamp). */
    public double through(LocalDate date, int year) {
        if (date.getYear() < year) {
            return 0;
        }
        if (date.getYear() > year) {
            return cumulativeBefore[12];
        }
        int m = date.getMonthValue() - 1;
        return cumulativeBefore[m] + monthly[m] * date.getDayOfMonth() / date.lengthOfMonth();
    }

    /** Share done over the days {@code from}..{@code to}, both inclusive. */
    public double between(LocalDate from, LocalDate to, int year) {
        return through(to, year) - through(from.minusDays(1), year);
    }

    public double yearTotal() {
        return cumulativeBefore[12];
    }

    private static double[] normalise(double[] w) {
        double sum = Arrays.stream(w).sum();
        double[] out = new double[w.length];
        for (int i = 0; i < w.length; i++) {
            out[i] = w[i] / sum;
        }
        return out;
    }
}
