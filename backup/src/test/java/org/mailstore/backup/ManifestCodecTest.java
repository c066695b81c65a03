package org.mailstore.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Version 2 manifests keep their base and delta flags through a write and a read; a version 1 manifest reads as full. */
class ManifestCodecTest {
    @TempDir
    Path tmp;

    private static Manifest incremental() {
        Instant t = Instant.parse("2026-11-25T10:00:00.123Z");
        CheckedFile rows = new CheckedFile("tables/blobs.copy", 10, "ab".repeat(32));
        CheckedFile accounts = new CheckedFile("tables/accounts.copy", 5, "cd".repeat(32));
        return new Manifest(Manifest.VERSION, BackupId.at(t), t, t, t, "2", BackupId.at(t.minusSeconds(60)),
                List.of(new Manifest.TableFile("accounts", List.of("account_id"), 1, accounts, false),
                        new Manifest.TableFile("blobs", List.of("blob_hash", "size"), 2, rows, true)),
                List.of(), List.of(new CheckedFile("blobs.txt", 130, "ef".repeat(32))), List.of(), new Manifest.Counts(1, 2, 3, 0, 0, 0),
                List.of());
    }

    @Test
    void baseAndDeltaSurviveAWriteAndARead() throws Exception {
        Manifest m = incremental();
        Path file = tmp.resolve("manifest.json");
        ManifestCodec.write(file, m);
        assertEquals(m, ManifestCodec.read(file));
    }

    @Test
    void aVersionOneManifestReadsAsAFullBackup() throws Exception {
        Path file = tmp.resolve("manifest.json");
        ManifestCodec.write(file, incremental());
        String v1 = Files.readString(file).replace("\"version\" : 2", "\"version\" : 1")
                .replaceAll("\\s*\"base\" : \"[^\"]*\",", "").replaceAll(",\\s*\"delta\" : (true|false)", "");
        Files.writeString(file, v1);
        Manifest m = ManifestCodec.read(file);
        assertEquals(1, m.version());
        assertNull(m.base());
        assertFalse(m.incremental());
        assertEquals(List.of(false, false), m.tables().stream().map(Manifest.TableFile::delta).toList());
    }
}
