package city.ordos.plan.deadletters;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The production side of the processing-error policy ({@code production.exception.handler}): an
 * output record that cannot be serialized is not written, and the input record it came from is
 * dead-lettered ({@code PROCESSING_FAILED}, naming the output topic) instead of stopping the
 * thread. A send the broker or producer refuses is not the record's fault in a way a dead letter
 * could mend: under exactly-once the failed send already dooms the transaction, so the thread
 * fails and the record is processed again (dead letters are cut to fit precisely so that this does
 * not happen for them, see {@link DeadLetters}).
 */
public final class DeadLetterProductionHandler implements ProductionExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterProductionHandler.class);

    private DeadLetterWriter writer;

    @Override
    public void configure(Map<String, ?> configs) {
        writer = DeadLetterWriter.from(configs);
    }

    @Override
    public Response handleSerializationError(
            ErrorHandlerContext context,
            ProducerRecord record,
            Exception exception,
            SerializationExceptionOrigin origin) {
        if (FailurePolicy.isInfrastructure(exception) || writer.topic().equals(record.topic())) {
            // A dead letter that cannot be written cannot be dead-lettered either.
            LOG.error("Cannot serialize the {} of a record for {}", origin, record.topic(), exception);
            return Response.fail();
        }
        LOG.error(
                "Dead-lettering {}-{}@{}: its output to {} cannot be serialized",
                context.topic(),
                context.partition(),
                context.offset(),
                record.topic(),
                exception);
        return Response.resume(List.of(writer.letter(
                context,
                ReasonCodes.PROCESSING_FAILED,
                FailurePolicy.describe(
                        "writing the " + origin.name().toLowerCase() + " to " + record.topic(), exception))));
    }

    @Override
    public Response handleError(
            ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record, Exception exception) {
        if (exception instanceof RetriableException) {
            return Response.retry(); // as Kafka's default handler: the task is retried, nothing is lost
        }
        LOG.error("Sending a record to {} failed", record.topic(), exception);
        return Response.fail();
    }
}
