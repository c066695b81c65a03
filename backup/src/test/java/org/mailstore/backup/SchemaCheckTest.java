package org.mailstore.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.time.Clock;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.mailstore.store.StoreFixture;
import org.mailstore.store.maintenance.Progress;

/** A backup copies the generated schema's columns, so it refuses a database that has others: its copy would not be whole. */
class SchemaCheckTest {
    @RegisterExtension
    final StoreFixture f = new StoreFixture();

    @TempDir
    Path tmp;

    private Manifest backup() throws Exception {
        return new OnlineBackup(new LiveSite(f.dataSource, f.blobDir, 2, f.journalDir), new BackupDirectory(tmp.resolve("backup")),
                Clock.systemUTC()).create(Progress.NONE);
    }

    @Test
    void aDatabaseWithAColumnThisBuildDoesNotKnowIsRefused() {
        DSL.using(f.dataSource, SQLDialect.POSTGRES).execute("ALTER TABLE messages ADD COLUMN added_later integer");
        DSL.using(f.dataSource, SQLDialect.POSTGRES).execute("CREATE TABLE newer_feature (id integer)");
        IllegalStateException e = assertThrows(IllegalStateException.class, this::backup);
        assertEquals("the database's schema is not the one this mailstore backs up (table messages has columns this build does not know: "
                + "[added_later]; table newer_feature is not known to this build): back it up with the mailstore release that serves it, "
                + "after serve has migrated it", e.getMessage());
    }

    @Test
    void aDatabaseLackingAColumnIsRefused() {
        DSL.using(f.dataSource, SQLDialect.POSTGRES).execute("ALTER TABLE quotas DROP COLUMN " + firstNonKeyColumnOfQuotas());
        IllegalStateException e = assertThrows(IllegalStateException.class, this::backup);
        assertEquals("the database's schema is not the one this mailstore backs up (table quotas lacks columns [" + firstNonKeyColumnOfQuotas()
                + "]): back it up with the mailstore release that serves it, after serve has migrated it", e.getMessage());
    }

    @Test
    void theSchemaThisBuildMigratesToPasses() throws Exception {
        assertEquals(0, backup().counts().messages());
    }

    private static String firstNonKeyColumnOfQuotas() {
        return org.mailstore.schema.jooq.Tables.QUOTAS.fields()[1].getName();
    }
}
