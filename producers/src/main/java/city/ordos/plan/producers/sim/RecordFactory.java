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

    private RecordFactory() {}

    /**
     * Builds through setters rather than the generated builders: the builders validate and copy
     * every field, which dominates the cost of a multi-million event benchmark year.
     */
    public static SpecificRecord toRecord(Statement s) {
        StatementHeader header = new StatementHeader();
        header.setEventId(s.eventId());
        header.setSourceId(s.sourceId());
        header.setEventTime(s.eventTime());
        header.setReportedAt(s.reportedAt());
        header.setCounty(s.county());
        Quantity quantity = new Quantity();
        quantity.setValue(s.value());
        quantity.setUnit(s.unit());
        SourceDetails d = s.details();
        if (d instanceof SourceDetails.Investment i) {
            InvestmentReport r = new InvestmentReport();
            r.setHeader(header);
            r.setProjectId(i.projectId());
            r.setProjectName(i.projectName());
            r.setTier(i.tier());
            r.setSector(i.sector());
            r.setMetric(s.metric());
            r.setStatement(s.statement());
            r.setPeriod(s.period());
            r.setQuantity(quantity);
            return r;
        }
        if (d instanceof SourceDetails.Energy e) {
            EnergyReading r = new EnergyReading();
            r.setHeader(header);
            r.setFacilityId(e.facilityId());
            r.setEnergySource(e.energySource());
            r.setMetric(s.metric());
            r.setStatement(s.statement());
            r.setPeriod(s.period());
            r.setQuantity(quantity);
            return r;
        }
        if (d instanceof SourceDetails.Environment e) {
            EnvironmentReading r = new EnvironmentReading();
            r.setHeader(header);
            r.setMetric(s.metric());
            r.setCategory(e.category());
            r.setStatement(s.statement());
            r.setPeriod(s.period());
            r.setQuantity(quantity);
            return r;
        }
        SourceDetails.Statistics st = (SourceDetails.Statistics) d;
        StatisticsRelease r = new StatisticsRelease();
        r.setHeader(header);
        r.setIndicator(st.indicator());
        r.setMeasure(st.measure());
        r.setMetric(s.metric());
        r.setStatement(s.statement());
        r.setPeriod(s.period());
        r.setQuantity(quantity);
        return r;
    }
}
