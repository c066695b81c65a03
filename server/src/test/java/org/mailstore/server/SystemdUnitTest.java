package org.mailstore.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** packaging/systemd/mailstore.service keeps what docs/operations.md promises of it. */
class SystemdUnitTest {
    private static final Path UNIT = Path.of("..", "packaging", "systemd", "mailstore.service");

    @Test
    void unitRunsServeAsADedicatedUserRestartsOnFailureAndIsHardened() throws Exception {
        List<String> lines = Files.readAllLines(UNIT);
        for (String directive : List.of(
                "User=mailstore",
                "StateDirectory=mailstore",
                "Environment=MAILSTORE_DATA_DIR=/var/lib/mailstore",
                "ExecStart=/usr/bin/java -Xmx1g -XX:+ExitOnOutOfMemoryError -jar /opt/mailstore/mailstore.jar serve --config /etc/mailstore/mailstore.conf",
                "ExecReload=/bin/kill -HUP $MAINPID",
                "KillMode=mixed",
                "Restart=on-failure",
                "NoNewPrivileges=yes",
                "ProtectSystem=strict",
                "ReadWritePaths=/var/lib/mailstore",
                "PrivateTmp=yes",
                "ProtectHome=yes",
                "WantedBy=multi-user.target")) {
            assertTrue(lines.contains(directive), "missing " + directive);
        }
        assertEquals(List.of(), lines.stream().filter(l -> l.startsWith("MemoryDenyWriteExecute")).toList(),
                "the JIT needs writable executable memory");
    }

    @Test
    void systemdAcceptsTheUnitWhereSystemdAnalyzeExists() throws Exception {
        Path analyze = Path.of("/usr/bin/systemd-analyze");
        assumeTrue(Files.isExecutable(analyze), "systemd-analyze is not installed");
        Process p = new ProcessBuilder(analyze.toString(), "verify", UNIT.toAbsolutePath().normalize().toString())
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), output);
        assertEquals("", output.lines().filter(l -> !l.contains("/opt/mailstore") && !l.contains("/usr/bin/java")).reduce("", String::concat), output);
    }
}
