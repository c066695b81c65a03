package org.mailstore.server;

/**
 * A setting that cannot be used: an unknown key, a malformed line, a value out of range. The
 * message names the setting and where it came from; the command exits with code 2 (bad usage).
 */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
