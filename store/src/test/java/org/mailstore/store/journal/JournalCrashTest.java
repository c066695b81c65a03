package org.mailstore.store.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mailstore.store.journal.JournalRecord.MessageAppended;

/** Invariant 5 at the journal's level: whatever append() acknowledged survives the process being killed mid-flight. */
class JournalCrashTest {

    private static final Pattern ACK = Pattern.compile("ack (\\d+)\\.");
    private static final int ACKS_BEFORE_KILL = 3000;

    @TempDir
    Path work;

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void everyAcknowledgedAppendSurvivesAKilledProcess() throws Exception {
        Path dir = work.resolve("journal");
        Path stderr = work.resolve("child.err");
        Process child = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                JournalCrashChild.class.getName(), dir.toString())
                .redirectError(stderr.toFile())
                .start();

        Set<Long> acknowledged = new HashSet<>();
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                Matcher m = ACK.matcher(line);
                if (m.matches()) {
                    acknowledged.add(Long.parseLong(m.group(1)));
                }
                if (acknowledged.size() == ACKS_BEFORE_KILL) {
                    // SIGKILL through the handle: Process.destroyForcibly would also close our end of the pipe,
                    // losing acknowledgements the child printed just before it died.
                    child.toHandle().destroyForcibly();
                }
            }
        }
        child.waitFor();
        if (acknowledged.size() < ACKS_BEFORE_KILL) {
            fail("child ended before it was killed: " + Files.readString(stderr));
        }

        List<Long> read;
        try (Stream<JournalEntry> entries = JournalReader.readAll(dir)) {
            read = entries.map(e -> ((MessageAppended) e.record()).uid()).toList();
        }
        Set<Long> readSet = new HashSet<>(read);
        assertEquals(read.size(), readSet.size(), "a record was read twice");
        Set<Long> lost = new HashSet<>(acknowledged);
        lost.removeAll(readSet);
        assertEquals(Set.of(), lost, "acknowledged but not in the journal");
        assertTrue(JournalReader.segments(dir).size() > 1, "the child should have rolled segments");
    }
}
