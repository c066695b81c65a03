package org.mailstore.server;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads {@code mailstore.conf}: one {@code key = value} per line, blank lines and lines starting
 * with {@code #} ignored, values taken verbatim after trimming (no quoting, no escapes, so a
 * password may contain {@code #} and {@code =}). An unknown or repeated key is an error that names
 * the file and line, because a typo would otherwise silently leave a default in force.
 */
final class ConfigFile {
    /** Larger files are certainly not configuration files. */
    static final long MAX_BYTES = 1024 * 1024;

    private ConfigFile() {}

    static Map<ConfigKey, Setting> read(Path file) {
        List<String> lines;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new ConfigException(file + ": larger than " + MAX_BYTES + " bytes; not a mailstore configuration file");
            }
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException("configuration file " + file + " does not exist");
        } catch (MalformedInputException e) {
            throw new ConfigException(file + ": not UTF-8 text");
        } catch (IOException e) {
            throw new ConfigException("cannot read configuration file " + file + ": " + e.getMessage());
        }
        return parse(file.toString(), lines);
    }

    static Map<ConfigKey, Setting> parse(String name, List<String> lines) {
        Map<ConfigKey, Setting> settings = new EnumMap<>(ConfigKey.class);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            String where = name + " line " + (i + 1);
            if (line.isEmpty() || line.startsWith("#")) continue;
            int eq = line.indexOf('=');
            if (eq < 0) throw new ConfigException(where + ": expected 'key = value', got '" + line + "'");
            String key = line.substring(0, eq).strip();
            ConfigKey k = ConfigKey.byKey(key).orElseThrow(() -> new ConfigException(
                    where + ": unknown key '" + key + "'; known keys: " + knownKeys()));
            Setting previous = settings.put(k, new Setting(line.substring(eq + 1).strip(), where));
            if (previous != null) {
                throw new ConfigException(where + ": key '" + key + "' already set at " + previous.source());
            }
        }
        return settings;
    }

    private static String knownKeys() {
        return Arrays.stream(ConfigKey.values()).map(ConfigKey::key).collect(Collectors.joining(", "));
    }
}
