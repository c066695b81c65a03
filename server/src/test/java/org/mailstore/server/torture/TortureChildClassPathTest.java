package org.mailstore.server.torture;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code java -jar relative.jar torture crash} failed: the child JVM got the relative class path but runs in the
 * torture's work directory, where it named nothing ("Could not find or load main class").
 */
class TortureChildClassPathTest {
    private static final Path HERE = Path.of("").toAbsolutePath();

    @Test
    void relativeClassPathEntriesReachTheChildAbsolute() {
        String classPath = String.join(File.pathSeparator, "mailstore.jar", "lib/../lib/dep.jar", "/opt/x/abs.jar");

        List<String> command = MailstoreProcess.command("/usr/bin/java", classPath, List.of("serve"));

        String expected = String.join(File.pathSeparator, HERE.resolve("mailstore.jar").toString(),
                HERE.resolve("lib/dep.jar").toString(), "/opt/x/abs.jar");
        assertEquals(List.of("/usr/bin/java", "-cp", expected, "org.mailstore.server.Main", "serve"), command);
    }

    @Test
    void anEmptyEntryMeansThisJvmsCurrentDirectoryNotTheChilds() {
        String classPath = String.join(File.pathSeparator, "/opt/x/abs.jar", "");

        assertEquals(List.of("/usr/bin/java", "-cp", "/opt/x/abs.jar" + File.pathSeparator + HERE, "org.mailstore.server.Main",
                "reconcile", "--check"), MailstoreProcess.command("/usr/bin/java", classPath, List.of("reconcile", "--check")));
    }
}
