package org.mailstore.server;

import java.util.Optional;

/**
 * Where a listener binds: a host name or IP literal and a port. Port 0 lets the kernel choose one.
 * IPv6 literals are written in brackets ({@code [::1]:1143}) so the port separator stays unambiguous.
 */
public record ListenAddress(String host, int port) {
    /** The value that turns a listener off. */
    public static final String OFF = "off";
    public static final int MAX_PORT = 65_535;

    public ListenAddress {
        if (host.isBlank()) throw new IllegalArgumentException("empty host");
        if (port < 0 || port > MAX_PORT) throw new IllegalArgumentException("port " + port + " out of range 0-" + MAX_PORT);
    }

    /**
     * Parses {@code host:port}, {@code [ipv6]:port} or {@code off} (empty result).
     *
     * @throws IllegalArgumentException with a message fit for the operator
     */
    public static Optional<ListenAddress> parse(String value) {
        String v = value.strip();
        if (v.equalsIgnoreCase(OFF)) return Optional.empty();
        String host;
        String port;
        if (v.startsWith("[")) {
            int close = v.indexOf(']');
            if (close < 0 || close + 1 >= v.length() || v.charAt(close + 1) != ':') {
                throw new IllegalArgumentException("expected [ipv6-address]:port or off, got '" + value + "'");
            }
            host = v.substring(1, close);
            port = v.substring(close + 2);
        } else {
            int colon = v.lastIndexOf(':');
            if (colon < 0) throw new IllegalArgumentException("expected host:port or off, got '" + value + "'");
            host = v.substring(0, colon);
            port = v.substring(colon + 1);
            if (host.contains(":")) {
                throw new IllegalArgumentException("IPv6 addresses need brackets, as in [::1]:1143; got '" + value + "'");
            }
        }
        if (host.isEmpty() || host.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("bad host in '" + value + "'");
        }
        return Optional.of(new ListenAddress(host, parsePort(port, value)));
    }

    private static int parsePort(String port, String value) {
        if (port.isEmpty() || !port.chars().allMatch(c -> c >= '0' && c <= '9') || port.length() > 5) {
            throw new IllegalArgumentException("bad port in '" + value + "'");
        }
        int p = Integer.parseInt(port);
        if (p > MAX_PORT) throw new IllegalArgumentException("port " + p + " out of range 0-" + MAX_PORT + " in '" + value + "'");
        return p;
    }

    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
