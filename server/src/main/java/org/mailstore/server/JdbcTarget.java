package org.mailstore.server;

import java.util.regex.Pattern;

/** Where and as whom to connect to PostgreSQL. An empty user or password means "not given". */
public record JdbcTarget(String url, String user, String password) {
    private static final Pattern URL_PASSWORD = Pattern.compile("(?i)(password=)[^&]*");

    /** The URL with any password parameter masked, for logs and messages. */
    public String safeUrl() {
        return redact(url);
    }

    static String redact(String url) {
        return URL_PASSWORD.matcher(url).replaceAll("$1***");
    }

    @Override
    public String toString() {
        return "JdbcTarget[" + safeUrl() + " as " + (user.isEmpty() ? "(default user)" : user) + "]";
    }
}
