package city.ordos.plan.launcher.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.spi.FilterReply;
import org.junit.jupiter.api.Test;

class RetriedTransactionNoticesTest {

    private static final String RETRY = "[Producer clientId=ordos-progress-1-StreamThread-2-producer, transactionalId="
            + "ordos-progress-1-2] Got error produce response with correlation id 80 on topic-partition "
            + "ordos.goal-progress-5, retrying (2147483646 attempts left). Error: ";

    private final RetriedTransactionNotices filter = new RetriedTransactionNotices();
    private final LoggerContext context = new LoggerContext();

    @Test
    void theRetriedConcurrentTransactionWarningIsDroppedAndNothingElse() {
        assertThat(filter.decide(
                        event(RetriedTransactionNotices.SENDER, Level.WARN, RETRY + "CONCURRENT_TRANSACTIONS")))
                .isEqualTo(FilterReply.DENY);
        assertThat(filter.decide(
                        event(RetriedTransactionNotices.SENDER, Level.WARN, RETRY + "OUT_OF_ORDER_SEQUENCE_NUMBER")))
                .as("the batches in flight behind it")
                .isEqualTo(FilterReply.DENY);
        // another retried error, a failure not retried, the same text from another logger or at another level: kept
        assertThat(filter.decide(event(
                        RetriedTransactionNotices.SENDER,
                        Level.WARN,
                        "Got error produce response with correlation id 7 on topic-partition t-0. Error: "
                                + "OUT_OF_ORDER_SEQUENCE_NUMBER")))
                .isEqualTo(FilterReply.NEUTRAL);
        assertThat(filter.decide(event(RetriedTransactionNotices.SENDER, Level.WARN, RETRY + "NOT_LEADER_OR_FOLLOWER")))
                .isEqualTo(FilterReply.NEUTRAL);
        assertThat(filter.decide(
                        event("org.apache.kafka.streams.Other", Level.WARN, RETRY + "CONCURRENT_TRANSACTIONS")))
                .isEqualTo(FilterReply.NEUTRAL);
        assertThat(filter.decide(
                        event(RetriedTransactionNotices.SENDER, Level.ERROR, RETRY + "CONCURRENT_TRANSACTIONS")))
                .isEqualTo(FilterReply.NEUTRAL);
    }

    private LoggingEvent event(String logger, Level level, String message) {
        return new LoggingEvent(getClass().getName(), context.getLogger(logger), level, message, null, null);
    }
}
