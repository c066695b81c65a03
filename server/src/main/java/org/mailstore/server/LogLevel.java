package org.mailstore.server;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * {@code log.level}: how much {@code serve} logs from mailstore's own code (loggers under
 * {@code org.mailstore}). Libraries stay at their quieter levels from logback.xml, since some print
 * SQL with bound values (message headers) at DEBUG.
 */
public enum LogLevel {
    ERROR, WARN, INFO, DEBUG, TRACE;

    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    static LogLevel parse(String value) {
        return Arrays.stream(values()).filter(l -> l.word().equalsIgnoreCase(value)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("must be one of " + words()));
    }

    private static String words() {
        return Arrays.stream(values()).map(LogLevel::word).collect(Collectors.joining(", "));
    }
}
