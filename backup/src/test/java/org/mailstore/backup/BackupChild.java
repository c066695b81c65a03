package org.mailstore.backup;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.time.Clock;
import org.mailstore.store.maintenance.Progress;

/**
 * Run in a separate JVM by {@link BackupKilledTest}: starts a backup and, when it reaches the blob copy, says so on
 * standard output and waits to be killed. Arguments: JDBC url, user, password, blob dir, journal dir, backup dir.
 */
public final class BackupChild {
    static final String AT_BLOBS = "at blobs.";

    private BackupChild() {}

    public static void main(String[] args) throws Exception {
        HikariConfig cfg = new HikariConfig();
        cfg.setJdbcUrl(args[0]);
        cfg.setUsername(args[1]);
        cfg.setPassword(args[2]);
        try (HikariDataSource ds = new HikariDataSource(cfg)) {
            new OnlineBackup(new LiveSite(ds, Path.of(args[3]), 2, Path.of(args[4])), new BackupDirectory(Path.of(args[5])), Clock.systemUTC())
                    .create(new Progress() {
                        @Override
                        public void phase(String name, long expectedTotal) {
                            if (!name.equals("blobs")) return;
                            System.out.print(AT_BLOBS + "\n");
                            System.out.flush();
                            try {
                                Thread.sleep(Long.MAX_VALUE);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        }

                        @Override
                        public void advance(long items) {
                        }

                        @Override
                        public void done() {
                        }
                    });
        }
    }
}
