package city.ordos.plan.launcher.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;

/**
 * Drops the Kafka producer's warning that a produce request met {@code CONCURRENT_TRANSACTIONS}
 * and is being retried, and the {@code OUT_OF_ORDER_SEQUENCE_NUMBER} retries of the batches that
 * were in flight behind it. On a fresh broker every partition of the first exactly-once
 * transactions says so once (59 lines before the first figure of the one-command run); the
 * producer retries on its own (it says "retrying" only when it will), and a send that does fail
 * still reaches Kafka Streams and is logged there as an error. Every other line of the producer
 * passes, other retried errors included.
 */
public final class RetriedTransactionNotices extends Filter<ILoggingEvent> {

    static final String SENDER = "org.apache.kafka.clients.producer.internals.Sender";

    @Override
    public FilterReply decide(ILoggingEvent event) {
        if (event.getLevel() != Level.WARN || !SENDER.equals(event.getLoggerName())) {
            return FilterReply.NEUTRAL;
        }
        String message = event.getFormattedMessage();
        boolean retried = message != null && message.contains(", retrying (");
        return retried
                        && (message.endsWith("Error: CONCURRENT_TRANSACTIONS")
                                || message.endsWith("Error: OUT_OF_ORDER_SEQUENCE_NUMBER"))
                ? FilterReply.DENY
                : FilterReply.NEUTRAL;
    }
}
