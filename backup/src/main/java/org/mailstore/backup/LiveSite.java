package org.mailstore.backup;

import java.nio.file.Path;
import java.util.Objects;
import javax.sql.DataSource;

/** The three parts of a running mailstore a backup reads and a restore writes: database, blob tree, journal directory. */
public record LiveSite(DataSource dataSource, Path blobDir, int blobFanout, Path journalDir) {
    public LiveSite {
        Objects.requireNonNull(dataSource, "dataSource");
        Objects.requireNonNull(blobDir, "blobDir");
        Objects.requireNonNull(journalDir, "journalDir");
    }
}
