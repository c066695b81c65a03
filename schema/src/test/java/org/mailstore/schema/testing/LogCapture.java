package org.mailstore.schema.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Collects what one logger (and the loggers below it) logs while open, so a test can assert the lines an operator
 * would read: the exact warnings, or that a routine event stays below WARN. Closing detaches it and restores the
 * logger's level.
 */
public final class LogCapture implements AutoCloseable {
    private final Logger logger;
    private final Level configured;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    private LogCapture(String name, Level level) {
        logger = (Logger) LoggerFactory.getLogger(name);
        configured = logger.getLevel();
        if (level != null) logger.setLevel(level);
        appender.start();
        logger.addAppender(appender);
    }

    /** What the logger {@code name} logs at the levels the test logging configuration lets through. */
    public static LogCapture of(String name) {
        return new LogCapture(name, null);
    }

    /** What the logger {@code name} logs at {@code level} and above, whatever the test configuration quiets. */
    public static LogCapture of(String name, Level level) {
        return new LogCapture(name, level);
    }

    public List<ILoggingEvent> events() {
        return List.copyOf(appender.list);
    }

    /** The formatted messages of every event. */
    public List<String> messages() {
        return events().stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    /** The formatted messages at WARN or above. */
    public List<String> warnings() {
        return events().stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN)).map(ILoggingEvent::getFormattedMessage).toList();
    }

    public void clear() {
        appender.list.clear();
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
        appender.stop();
        logger.setLevel(configured);
    }
}
