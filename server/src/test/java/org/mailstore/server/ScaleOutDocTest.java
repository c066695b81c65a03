package org.mailstore.server;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/operations.md quotes the HAProxy configuration the scale-out test runs, so the two cannot drift apart. */
class ScaleOutDocTest {
    static final Path OPERATIONS = Path.of("..", "docs", "operations.md");

    @Test
    void operationsGuideQuotesTheTestedHaproxyConfigurationVerbatim() throws Exception {
        String config = Files.readString(Haproxy.TEMPLATE);
        String doc = Files.readString(OPERATIONS);
        assertTrue(doc.contains("```\n" + config + "```\n"), "docs/operations.md, \"HAProxy\", must quote " + Haproxy.TEMPLATE + " verbatim");
    }
}
