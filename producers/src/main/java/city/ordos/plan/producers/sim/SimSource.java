package city.ordos.plan.producers.sim;

import city.ordos.plan.avro.County;
import city.ordos.plan.avro.InputStream;
import city.ordos.plan.avro.StatementType;
import java.time.LocalDate;

/**
 * One reporting source of the simulated city: a project, a gas field, a plant, a meter, a county
 * bureau or a statistics series, with its rhythm and its path through the year.
 *
 * @param unit        the unit the source writes
 * @param toUnit      value_in_unit = value_in_atom_unit x toUnit
 * @param delayDays   days between the end of a period and the report
 * @param reportMinute minute of the reporting day the report is sent (Asia/Shanghai)
 * @param firstAsOf   first day the source exists (a plant coming on line); null = all year
 * @param lastReportDay day after which the source says nothing more (null = never silent)
 */
record SimSource(
        String sourceId,
        InputStream stream,
        String metric,
        StatementType statement,
        County county,
        SourceDetails details,
        String unit,
        double toUnit,
        int scale,
        Cadence cadence,
        int delayDays,
        int reportMinute,
        ValuePath path,
        LocalDate firstAsOf,
        LocalDate lastReportDay) {

    /** The "as of" date of the regular statement this source reports on {@code day}, or null. */
    LocalDate asOfReportedOn(LocalDate day, int year) {
        LocalDate asOf = day.minusDays(delayDays);
        if (asOf.getYear() != year || !cadence.isPeriodEnd(asOf)) {
            return null;
        }
        if (firstAsOf != null && asOf.isBefore(firstAsOf)) {
            return null;
        }
        if (lastReportDay != null && day.isAfter(lastReportDay)) {
            return null;
        }
        return asOf;
    }
}
