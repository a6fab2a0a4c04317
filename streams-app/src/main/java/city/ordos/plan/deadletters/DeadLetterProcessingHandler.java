package city.ordos.plan.deadletters;

import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The processing-error policy (KIP-1033, {@code processing.exception.handler}): a failure that
 * escapes the intake's checks while one record is processed dead-letters that record
 * ({@code PROCESSING_FAILED}, the step and the error, its coordinates and bytes) and processing goes
 * on, so one poison record cannot stop the stream thread again and again. Infrastructure failures
 * ({@link FailurePolicy#isInfrastructure}) still fail the thread, so the record is read again once
 * the registry or broker is back. A failure in a wall-clock punctuation has no record to
 * dead-letter: it is logged and the next punctuation tries again.
 */
public final class DeadLetterProcessingHandler implements ProcessingExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterProcessingHandler.class);

    private DeadLetterWriter writer;

    @Override
    public void configure(Map<String, ?> configs) {
        writer = DeadLetterWriter.from(configs);
    }

    @Override
    public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        if (FailurePolicy.isInfrastructure(exception)) {
            LOG.error(
                    "Infrastructure failure in {} on {}-{}@{}: failing the stream thread so the record is read again",
                    context.processorNodeId(),
                    context.topic(),
                    context.partition(),
                    context.offset(),
                    exception);
            return Response.fail();
        }
        if (context.topic() == null) {
            LOG.error(
                    "Punctuation of {} in task {} failed; it runs again on schedule",
                    context.processorNodeId(),
                    context.taskId(),
                    exception);
            return Response.resume();
        }
        LOG.error(
                "Dead-lettering {}-{}@{}: processing it failed in {}",
                context.topic(),
                context.partition(),
                context.offset(),
                context.processorNodeId(),
                exception);
        return Response.resume(List.of(writer.letter(
                context,
                ReasonCodes.PROCESSING_FAILED,
                FailurePolicy.describe("step " + context.processorNodeId(), exception))));
    }
}
