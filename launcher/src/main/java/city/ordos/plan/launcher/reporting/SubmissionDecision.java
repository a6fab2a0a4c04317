package city.ordos.plan.launcher.reporting;

import city.ordos.plan.avro.ReportSubmission;
import city.ordos.plan.avro.SubmissionState;
import city.ordos.plan.registry.AvroTrust;
import java.time.Instant;
import java.util.Locale;

/**
 * What may happen to a submission: it is approved or rejected once, while pending, and never by the
 * person who submitted it (four eyes).
 */
public final class SubmissionDecision {

    /** A decision that cannot be taken (409 to the caller), with why. */
    public static final class RefusedException extends RuntimeException {
        public RefusedException(String message) {
            super(message);
        }
    }

    static {
        // Copying a record with newBuilder(other) goes through Avro's class check: trust the contract.
        AvroTrust.trustContractPackages();
    }

    private SubmissionDecision() {}

    public static ReportSubmission approve(ReportSubmission pending, String by, Instant at) {
        requirePending(pending, "approved", by);
        return ReportSubmission.newBuilder(pending)
                .setState(SubmissionState.APPROVED)
                .setDecidedBy(by)
                .setDecidedAt(at)
                .setReason(null)
                .build();
    }

    /**
     * A submission published without an operator (approval turned off): approved at once, the
     * submitter named as the one who decided, and why in the reason.
     */
    public static ReportSubmission withoutApproval(ReportSubmission pending, Instant at) {
        return ReportSubmission.newBuilder(pending)
                .setState(SubmissionState.APPROVED)
                .setDecidedBy(pending.getSubmittedBy())
                .setDecidedAt(at)
                .setReason("无需审核 / no approval required (ordos.reporting.approval=none)")
                .build();
    }

    public static ReportSubmission reject(ReportSubmission pending, String by, String reason, Instant at) {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("a rejection needs a reason the department can act on");
        }
        requirePending(pending, "rejected", by);
        return ReportSubmission.newBuilder(pending)
                .setState(SubmissionState.REJECTED)
                .setDecidedBy(by)
                .setDecidedAt(at)
                .setReason(reason.strip())
                .build();
    }

    private static void requirePending(ReportSubmission submission, String wanted, String by) {
        if (submission.getSubmittedBy().equals(by)) {
            throw new RefusedException(
                    "submission " + submission.getSubmissionId() + " cannot be " + wanted + " by its own submitter");
        }
        if (submission.getState() != SubmissionState.PENDING) {
            throw new RefusedException("submission " + submission.getSubmissionId() + " cannot be " + wanted
                    + ": it was already " + submission.getState().name().toLowerCase(Locale.ROOT)
                    + " by " + submission.getDecidedBy());
        }
    }
}
