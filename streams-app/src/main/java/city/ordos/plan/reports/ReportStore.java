package city.ordos.plan.reports;

import city.ordos.plan.avro.DispatchReport;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/** Where the dispatch reports are kept and published ({@link ReportLog}: the dispatch-reports topic). */
public interface ReportStore {

    /** True once the reports published before this instance started are all known. */
    boolean loaded();

    Optional<DispatchReport> get(String reportId);

    /** Every report, newest day first. */
    List<DispatchReport> all();

    /** The latest month-end report of the plan with a day before {@code day}. */
    Optional<DispatchReport> monthEndBefore(String planId, LocalDate day);

    /** Publishes the report; once this returns, {@link #get} has it. */
    void publish(DispatchReport report);

    /** The report could not be published, or not read back in time: nothing to list yet. */
    final class NotPublishedException extends RuntimeException {
        public NotPublishedException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
