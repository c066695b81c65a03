package org.mailstore.server;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CLI commands log only warnings (their output is the result on stdout); {@code serve} logs what it
 * does at INFO, and mailstore's own loggers at {@code log.level}. logback.xml sets the quiet default
 * and the text format; {@code log.format = json} swaps the stderr appender for one with Logback's
 * JsonEncoder, which carries the MDC (session, remote, account) as fields.
 */
final class LogLevels {
    /** The appender logback.xml defines. */
    static final String TEXT_APPENDER = "STDERR";
    static final String JSON_APPENDER = "STDERR_JSON";
    static final String OWN_LOGGERS = "org.mailstore";

    private LogLevels() {}

    static void serving(LogLevel ownLevel) {
        logback(Logger.ROOT_LOGGER_NAME).ifPresent(l -> l.setLevel(Level.INFO));
        logback(OWN_LOGGERS).ifPresent(l -> l.setLevel(Level.toLevel(ownLevel.name())));
    }

    /** Switches stderr to {@code format}; text is logback.xml's own, so only JSON changes anything. */
    static void use(LogFormat format) {
        if (format != LogFormat.JSON || !(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) return;
        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        if (root.getAppender(JSON_APPENDER) != null) return;
        JsonEncoder encoder = new JsonEncoder();
        encoder.setContext(context);
        // The message as a person reads it, not the {} template plus an argument list; the context block
        // (logger context name and birth time) only repeats itself on every line.
        encoder.setWithFormattedMessage(true);
        encoder.setWithMessage(false);
        encoder.setWithArguments(false);
        encoder.setWithContext(false);
        encoder.start();
        ConsoleAppender<ILoggingEvent> json = new ConsoleAppender<>();
        json.setName(JSON_APPENDER);
        json.setContext(context);
        json.setTarget("System.err");
        json.setEncoder(encoder);
        json.start();
        root.addAppender(json);
        root.detachAppender(TEXT_APPENDER);
    }

    private static java.util.Optional<ch.qos.logback.classic.Logger> logback(String name) {
        return LoggerFactory.getLogger(name) instanceof ch.qos.logback.classic.Logger l ? java.util.Optional.of(l) : java.util.Optional.empty();
    }
}
