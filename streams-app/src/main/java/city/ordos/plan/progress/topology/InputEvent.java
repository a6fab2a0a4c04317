package city.ordos.plan.progress.topology;

import city.ordos.plan.avro.EnergyReading;
import city.ordos.plan.avro.EnvironmentReading;
import city.ordos.plan.avro.InputStream;
import city.ordos.plan.avro.InvestmentReport;
import city.ordos.plan.avro.Quantity;
import city.ordos.plan.avro.StatementHeader;
import city.ordos.plan.avro.StatementType;
import city.ordos.plan.avro.StatisticsRelease;

/**
 * The parts of any input statement the topology needs, whichever of the four input types it came
 * as. {@code category} is what a FeedSelector's categories match: InvestmentReport.tier,
 * EnergyReading.energySource, EnvironmentReading.category; none for statistics releases.
 */
record InputEvent(
        InputStream stream,
        StatementHeader header,
        String metric,
        String category,
        StatementType statement,
        String period,
        Quantity quantity) {

    static InputEvent of(InputStream stream, Object record) {
        return switch (stream) {
            case INVESTMENT -> {
                InvestmentReport r = (InvestmentReport) record;
                yield new InputEvent(
                        stream,
                        r.getHeader(),
                        r.getMetric(),
                        r.getTier(),
                        r.getStatement(),
                        r.getPeriod(),
                        r.getQuantity());
            }
            case ENERGY -> {
                EnergyReading r = (EnergyReading) record;
                yield new InputEvent(
                        stream,
                        r.getHeader(),
                        r.getMetric(),
                        r.getEnergySource(),
                        r.getStatement(),
                        r.getPeriod(),
                        r.getQuantity());
            }
            case ENVIRONMENT -> {
                EnvironmentReading r = (EnvironmentReading) record;
                yield new InputEvent(
                        stream,
                        r.getHeader(),
                        r.getMetric(),
                        r.getCategory(),
                        r.getStatement(),
                        r.getPeriod(),
                        r.getQuantity());
            }
            case STATISTICS -> {
                StatisticsRelease r = (StatisticsRelease) record;
                yield new InputEvent(
                        stream, r.getHeader(), r.getMetric(), null, r.getStatement(), r.getPeriod(), r.getQuantity());
            }
        };
    }

    static Class<?> typeOf(InputStream stream) {
        return switch (stream) {
            case INVESTMENT -> InvestmentReport.class;
            case ENERGY -> EnergyReading.class;
            case ENVIRONMENT -> EnvironmentReading.class;
            case STATISTICS -> StatisticsRelease.class;
        };
    }
}
