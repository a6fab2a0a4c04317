package city.ordos.plan.auth;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.AppenderBase;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

/**
 * Every log line of a test class (message, arguments formatted, and the messages of attached
 * exceptions), kept for {@link #linesContaining}: the tests that handle passwords, tokens, client
 * secrets and session ids check at the end that none of them was ever logged.
 */
public final class CapturedLogs implements BeforeAllCallback, AfterAllCallback {

    private final ConcurrentLinkedQueue<String> lines = new ConcurrentLinkedQueue<>();
    private final AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
        @Override
        protected void append(ILoggingEvent event) {
            StringBuilder sb =
                    new StringBuilder(event.getLoggerName()).append(' ').append(event.getFormattedMessage());
            for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
                sb.append(" | ").append(t.getClassName()).append(": ").append(t.getMessage());
            }
            lines.add(sb.toString());
        }
    };

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        appender.setContext(root().getLoggerContext());
        appender.start();
        root().addAppender(appender);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        root().detachAppender(appender);
        appender.stop();
    }

    public int size() {
        return lines.size();
    }

    /** The lines that contain any of the secrets (each secret at least 8 characters, so it is unmistakable). */
    public List<String> linesContaining(Collection<String> secrets) {
        Set<String> distinct =
                secrets.stream().filter(s -> s != null && s.length() >= 8).collect(Collectors.toSet());
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            if (distinct.stream().anyMatch(line::contains)) {
                out.add(line);
            }
        }
        return out;
    }
}
