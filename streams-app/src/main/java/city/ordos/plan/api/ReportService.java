package city.ordos.plan.api;

import city.ordos.plan.avro.DispatchReport;
import city.ordos.plan.avro.GoalStatus;
import city.ordos.plan.avro.ReportKind;
import city.ordos.plan.reports.ReportBuilder;
import city.ordos.plan.reports.ReportSettings;
import city.ordos.plan.reports.ReportStore;
import city.ordos.plan.vocabulary.PlanCalendar;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes dispatch reports: on demand for any day, and by itself for every month-end once the plan
 * clock is {@code graceDays} past it (December: on the morning of December 31). A report is the picture of its
 * day as known at generation (time travel, gathered from every instance) with the changes since the
 * previous month-end report; published on the dispatch-reports topic, which also says after a
 * restart which months are done. One instance generates the due months (the owner of a fixed key),
 * so a report is normally made once; were two to make one at the same time from the same data,
 * they would make the same report. A due month waits until the pipeline has caught up with its
 * input: after a reset or an outage, the months would otherwise be reported from a partly replayed
 * year.
 */
public final class ReportService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReportService.class);

    private final TimeTravel timeTravel;
    private final ReportStore log;
    private final ReportSettings settings;
    private final String planId;
    private final BooleanSupplier generatesDueMonths;
    private final PipelineCatchUp catchUp;
    private ScheduledExecutorService scheduler;
    private boolean waitLogged;

    /**
     * @param generatesDueMonths true on the one instance that makes the month-end reports
     * @param catchUp            whether the pipeline has processed its input; due months wait for it
     */
    public ReportService(
            TimeTravel timeTravel,
            ReportStore log,
            ReportSettings settings,
            String planId,
            BooleanSupplier generatesDueMonths,
            PipelineCatchUp catchUp) {
        this.timeTravel = timeTravel;
        this.log = log;
        this.settings = settings;
        this.planId = planId;
        this.generatesDueMonths = generatesDueMonths;
        this.catchUp = catchUp;
    }

    public ReportStore log() {
        return log;
    }

    public ReportSettings settings() {
        return settings;
    }

    String planId() {
        return planId;
    }

    public synchronized ReportService start() {
        if (settings.auto() && scheduler == null) {
            scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "ordos-reports-scheduler");
                t.setDaemon(true);
                return t;
            });
            long every = settings.checkInterval().toMillis();
            scheduler.scheduleWithFixedDelay(this::generateDue, every, every, TimeUnit.MILLISECONDS);
        }
        return this;
    }

    /** Month-ends of the plan year whose report is due at the plan clock's now and not yet made. */
    List<LocalDate> due() {
        Instant now = timeTravel.settings().now().get();
        PlanCalendar calendar = timeTravel.settings().calendar();
        LocalDate yearEnd = LocalDate.of(calendar.year(), 12, 31);
        List<LocalDate> due = new ArrayList<>();
        for (int month = 1; month <= 12; month++) {
            LocalDate end = YearMonth.of(calendar.year(), month).atEndOfMonth();
            LocalDate graceOver = end.plusDays(settings.graceDays());
            // The plan clock never passes the year's end (the wall clock maps every year onto it):
            // December's report is due on the morning of December 31 and can be made again later.
            Instant ready = graceOver.isAfter(yearEnd)
                    ? yearEnd.atStartOfDay(PlanCalendar.ZONE).toInstant()
                    : PlanCalendar.endOfDay(graceOver);
            boolean done = log.get(ReportBuilder.reportId(planId, ReportKind.MONTH_END, end))
                    .isPresent();
            if (!done && !now.isBefore(ready)) {
                due.add(end);
            }
        }
        return due;
    }

    private void generateDue() {
        try {
            if (!log.loaded() || !generatesDueMonths.getAsBoolean()) {
                return;
            }
            List<LocalDate> due = due();
            if (due.isEmpty()) {
                return;
            }
            Optional<String> behind = catchUp.behind();
            if (behind.isPresent()) {
                if (!waitLogged) {
                    LOG.info("month-end reports {} wait until the pipeline has caught up: {}", due, behind.get());
                    waitLogged = true;
                }
                return;
            }
            waitLogged = false;
            for (LocalDate monthEnd : due) {
                DispatchReport r = generate(monthEnd, ReportKind.MONTH_END);
                LOG.info(
                        "Month-end report {} published: {} goals behind or at risk",
                        r.getReportId(),
                        ReportBuilder.lagging(r).size());
            }
        } catch (GoalState.StateUnavailableException | Forwarder.ForwardFailedException e) {
            LOG.info("month-end reports wait: {}", e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("month-end report generation failed; retried in {}", settings.checkInterval(), e);
        }
    }

    /**
     * Builds the report of {@code day} from the figures as known now and publishes it; returns it once
     * this instance lists it.
     */
    public DispatchReport generate(LocalDate day, ReportKind kind) {
        Optional<DispatchReport> previous = log.monthEndBefore(planId, day);
        Map<String, ReportBuilder.Figure> figures = new HashMap<>();
        for (Views.GoalView g : timeTravel.goals(new Moment.AsOf(day))) {
            figures.put(
                    g.key(),
                    new ReportBuilder.Figure(
                            GoalStatus.valueOf(g.status()),
                            g.actual(),
                            g.expectedByNow(),
                            g.projectedYearEnd(),
                            g.progressRatio(),
                            g.byCounty()));
        }
        Map<String, BigDecimal> previousNow = new HashMap<>();
        if (previous.isPresent()) {
            LocalDate before = LocalDate.parse(previous.get().getAsOfDate());
            for (Views.GoalView g : timeTravel.goals(new Moment.AsOf(before))) {
                if (g.actual() != null) {
                    previousNow.put(g.key(), g.actual());
                }
            }
        }
        ReportBuilder.Window window = ReportBuilder.window(day, previous.orElse(null));
        DispatchReport report = ReportBuilder.build(
                planId,
                kind,
                day,
                timeTravel.catalog().all().stream()
                        .filter(d -> d.getPlanId().equals(planId))
                        .toList(),
                figures,
                previous.orElse(null),
                previousNow,
                timeTravel.alerts().between(window.after(), window.upTo()));
        log.publish(report);
        return report;
    }

    @Override
    public synchronized void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            try {
                scheduler.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            scheduler = null;
        }
    }
}
