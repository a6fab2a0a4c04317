package city.ordos.plan.api;

import city.ordos.plan.avro.DispatchReport;
import city.ordos.plan.avro.ReportKind;
import city.ordos.plan.reports.ReportStore;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Reports in a map: for tests of the HTTP layer alone. */
final class InMemoryReportStore implements ReportStore {

    final Map<String, DispatchReport> reports = new ConcurrentHashMap<>();

    @Override
    public boolean loaded() {
        return true;
    }

    @Override
    public Optional<DispatchReport> get(String reportId) {
        return Optional.ofNullable(reports.get(reportId));
    }

    @Override
    public List<DispatchReport> all() {
        return reports.values().stream()
                .sorted(Comparator.comparing(DispatchReport::getAsOfDate).reversed())
                .toList();
    }

    @Override
    public Optional<DispatchReport> monthEndBefore(String planId, LocalDate day) {
        return reports.values().stream()
                .filter(r -> r.getPlanId().equals(planId) && r.getKind() == ReportKind.MONTH_END)
                .filter(r -> LocalDate.parse(r.getAsOfDate()).isBefore(day))
                .max(Comparator.comparing(DispatchReport::getAsOfDate));
    }

    @Override
    public void publish(DispatchReport report) {
        reports.put(report.getReportId(), report);
    }
}
