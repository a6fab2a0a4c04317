package city.ordos.plan.launcher.reporting;

import city.ordos.plan.auth.Principal;
import city.ordos.plan.producers.imports.RawRow;
import city.ordos.plan.producers.imports.RejectReason;
import city.ordos.plan.producers.imports.RowOutcome;
import city.ordos.plan.producers.imports.RowValidator;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks a submitted table all or nothing, with the importer's own row validators (the same rules
 * as {@code ordos-producers import}) and then the department rule of {@link ReportingScope}: the
 * submission can go on only if every row is good and answered for by the submitter.
 */
public final class SubmissionCheck {

    /** A row's problem, in Chinese (what the reason means) and English (the validator's message). */
    public record Problem(long line, String reasonCode, String zh, String en) {

        /** @param detail the English message naming the column and value (or file) at fault */
        public static Problem of(long line, RejectReason reason, String detail) {
            return new Problem(line, reason.name(), reason.zh(), detail);
        }
    }

    /**
     * @param statements  the events of the rows, in row order (empty when there are problems)
     * @param departments the departments the rows belong to (those of the submitter that answer for them)
     */
    public record Result(List<RowOutcome.Accepted> statements, List<Problem> problems, Set<String> departments) {
        public boolean accepted() {
            return problems.isEmpty() && !statements.isEmpty();
        }
    }

    private SubmissionCheck() {}

    public static Result check(List<RawRow> rows, RowValidator validator, ReportingScope scope, Principal who) {
        List<RowOutcome.Accepted> statements = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        Set<String> departments = new TreeSet<>();
        if (rows.isEmpty()) {
            problems.add(Problem.of(0, RejectReason.NO_DATA_ROWS, RejectReason.NO_DATA_ROWS.en()));
        }
        for (RawRow row : rows) {
            RowOutcome outcome = validator.validate(row);
            if (outcome instanceof RowOutcome.Rejected r) {
                problems.add(Problem.of(row.line(), r.reason(), r.message()));
                continue;
            }
            RowOutcome.Accepted accepted = (RowOutcome.Accepted) outcome;
            Set<String> owners = scope.departmentsOf(accepted.event());
            List<String> answered =
                    owners.stream().filter(who::answersFor).sorted().toList();
            if (answered.isEmpty()) {
                problems.add(Problem.of(
                        row.line(),
                        RejectReason.NOT_YOUR_DEPARTMENT,
                        owners.isEmpty()
                                ? "no goal of the catalog reads this statement"
                                : "this statement is reported by " + String.join(", ", owners) + ", not by "
                                        + String.join(", ", who.departments())));
                continue;
            }
            // An operator answers for all: the row's own departments, not every department there is.
            departments.addAll(answered);
            statements.add(accepted);
        }
        return problems.isEmpty()
                ? new Result(List.copyOf(statements), List.of(), departments)
                : new Result(List.of(), List.copyOf(problems), Set.of());
    }
}
