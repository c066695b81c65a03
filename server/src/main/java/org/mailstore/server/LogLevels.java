package org.mailstore.server;

import ch.qos.logback.classic.Level;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CLI commands log only warnings (their output is the result on stdout); {@code serve} logs what it
 * does. logback.xml sets the quiet default; {@code serve} raises it.
 */
final class LogLevels {
    private LogLevels() {}

    static void serving() {
        Logger root = LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
        if (root instanceof ch.qos.logback.classic.Logger logback) logback.setLevel(Level.INFO);
    }
}
