package org.mailstore.server;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** {@code log.format}: how log lines are written to stderr. */
public enum LogFormat {
    /** One line of text per event, for people and journalctl. */
    TEXT,
    /** One JSON object per line (Logback's JsonEncoder), for log collectors. */
    JSON;

    /** The word used in the configuration. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    static LogFormat parse(String value) {
        return Arrays.stream(values()).filter(f -> f.word().equalsIgnoreCase(value)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("must be one of " + words()));
    }

    private static String words() {
        return Arrays.stream(values()).map(LogFormat::word).collect(Collectors.joining(", "));
    }
}
