package city.ordos.plan.producers.sim;

import city.ordos.plan.avro.EnergyReading;
import city.ordos.plan.avro.EnvironmentReading;
import city.ordos.plan.avro.InvestmentReport;
import city.ordos.plan.avro.Quantity;
import city.ordos.plan.avro.StatementHeader;
import city.ordos.plan.avro.StatisticsRelease;
import org.apache.avro.specific.SpecificRecord;

/** Turns a statement into the Avro record of its input stream. */
public final class RecordFactory {

    private RecordFactory() {
    }

    public static SpecificRecord toRecord(Statement s) {
        StatementHeader header = StatementHeader.newBuilder()
                .setEventId(s.eventId())
                .setSourceId(s.sourceId())
                .setEventTime(s.eventTime())
                .setReportedAt(s.reportedAt())
                .setCounty(s.county())
                .build();
        Quantity quantity = Quantity.newBuilder().setValue(s.value()).setUnit(s.unit()).build();
        SourceDetails d = s.details();
        if (d instanceof SourceDetails.Investment i) {
            return InvestmentReport.newBuilder()
                    .setHeader(header)
                    .setProjectId(i.projectId())
                    .setProjectName(i.projectName())
                    .setTier(i.tier())
                    .setSector(i.sector())
                    .setMetric(s.metric())
                    .setStatement(s.statement())
                    .setPeriod(s.period())
                    .setQuantity(quantity)
                    .build();
        }
        if (d instanceof SourceDetails.Energy e) {
            return EnergyReading.newBuilder()
                    .setHeader(header)
                    .setFacilityId(e.facilityId())
                    .setEnergySource(e.energySource())
                    .setMetric(s.metric())
                    .setStatement(s.statement())
                    .setPeriod(s.period())
                    .setQuantity(quantity)
                    .build();
        }
        if (d instanceof SourceDetails.Environment e) {
            return EnvironmentReading.newBuilder()
                    .setHeader(header)
                    .setMetric(s.metric())
                    .setCategory(e.category())
                    .setStatement(s.statement())
                    .setPeriod(s.period())
                    .setQuantity(quantity)
                    .build();
        }
        SourceDetails.Statistics st = (SourceDetails.Statistics) d;
        return StatisticsRelease.newBuilder()
                .setHeader(header)
                .setIndicator(st.indicator())
                .setMeasure(st.measure())
                .setMetric(s.metric())
                .setStatement(s.statement())
                .setPeriod(s.period())
                .setQuantity(quantity)
                .build();
    }
}
