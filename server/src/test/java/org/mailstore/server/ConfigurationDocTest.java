package org.mailstore.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** docs/configuration.md's settings table names every key the code reads, with its environment variable, and no other. */
class ConfigurationDocTest {
    private static final Path DOC = Path.of("..", "docs", "configuration.md");
    private static final Pattern ROW = Pattern.compile("^\\| `([a-z0-9.]+)` \\| `(MAILSTORE_[A-Z0-9_]+)` \\|");

    @Test
    void settingsTableListsEveryKeyWithItsVariable() throws Exception {
        Map<String, String> documented = new LinkedHashMap<>();
        for (String line : Files.readAllLines(DOC)) {
            Matcher m = ROW.matcher(line);
            if (m.find()) documented.put(m.group(1), m.group(2));
        }
        Map<String, String> known = Arrays.stream(ConfigKey.values())
                .collect(Collectors.toMap(ConfigKey::key, ConfigKey::envName, (a, b) -> a, LinkedHashMap::new));
        assertEquals(known, documented);
    }
}
