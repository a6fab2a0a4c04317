package city.ordos.plan.producers;

/**
 * How a statistics metric name ({@code indicator.measure}, as the catalog's selectors write it)
 * splits into the indicator and the measure of a {@code StatisticsRelease}.
 */
public final class StatisticsSeries {

    private StatisticsSeries() {}

    /** {@code gdp.growth_yoy} → {@code gdp}. */
    public static String indicator(String metric) {
        int dot = metric.lastIndexOf('.');
        return dot > 0 ? metric.substring(0, dot) : metric;
    }

    /** {@code gdp.growth_yoy} → GROWTH_YOY; share, rate, otherwise LEVEL. */
    public static String measure(String metric) {
        int dot = metric.lastIndexOf('.');
        String suffix = dot > 0 ? metric.substring(dot + 1) : "level";
        return switch (suffix) {
            case "growth_yoy", "growth" -> "GROWTH_YOY";
            case "share" -> "SHARE";
            case "rate" -> "RATE";
            default -> "LEVEL";
        };
    }

    /** The source id of a city-wide statistics series: one per metric. */
    public static String sourceId(String metric) {
        return "STATS-" + metric;
    }
}
