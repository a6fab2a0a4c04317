package city.ordos.plan.progress.topology;

import city.ordos.plan.avro.EnergyReading;
import city.ordos.plan.avro.EnvironmentReading;
import city.ordos.plan.avro.InputStream;
import city.ordos.plan.avro.InvestmentReport;
import city.ordos.plan.avro.Quantity;
import city.ordos.plan.avro.StatementHeader;
import city.ordos.plan.avro.StatementType;
import city.ordos.plan.avro.StatisticsRelease;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The parts of any input statement the topology needs, whichever of the four input types it came
 * as. {@code category} is what a FeedSelector's categories match: InvestmentReport.tier,
 * EnergyReading.energySource, EnvironmentReading.category; none for statistics releases.
 * {@code requiredText} holds the type's own text fields the contract requires to be non-empty
 * (field name to value), in schema order; the header's and the quantity's are checked by name.
 */
record InputEvent(
        InputStream stream,
        StatementHeader header,
        String metric,
        String category,
        StatementType statement,
        String period,
        Quantity quantity,
        Map<String, String> requiredText) {

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
                        r.getQuantity(),
                        text(
                                "projectId", r.getProjectId(),
                                "projectName", r.getProjectName(),
                                "tier", r.getTier(),
                                "sector", r.getSector()));
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
                        r.getQuantity(),
                        text("facilityId", r.getFacilityId(), "energySource", r.getEnergySource()));
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
                        r.getQuantity(),
                        Map.of());
            }
            case STATISTICS -> {
                StatisticsRelease r = (StatisticsRelease) record;
                yield new InputEvent(
                        stream,
                        r.getHeader(),
                        r.getMetric(),
                        null,
                        r.getStatement(),
                        r.getPeriod(),
                        r.getQuantity(),
                        text("indicator", r.getIndicator(), "measure", r.getMeasure()));
            }
        };
    }

    /** Pairs of field name and value, in order (values may be null: Map.of would refuse them). */
    private static Map<String, String> text(String... namesAndValues) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            fields.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return fields;
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
