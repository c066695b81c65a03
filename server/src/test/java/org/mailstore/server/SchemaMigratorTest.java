package org.mailstore.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.mailstore.schema.SchemaMigrator;
import org.mailstore.schema.testing.TestDatabase;
import org.postgresql.ds.PGSimpleDataSource;

class SchemaMigratorTest {
    static PGSimpleDataSource dataSource(TestDatabase.Coordinates db) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(db.url());
        ds.setUser(db.user());
        ds.setPassword(db.password());
        return ds;
    }

    static List<String> appliedVersions(TestDatabase.Coordinates db) throws SQLException {
        try (Connection c = db.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT version FROM flyway_schema_history WHERE success ORDER BY installed_rank")) {
            List<String> versions = new java.util.ArrayList<>();
            while (rs.next()) versions.add(rs.getString(1));
            return versions;
        }
    }

    @Test
    void migratesAnEmptyDatabaseAndIsIdempotent() throws SQLException {
        TestDatabase.Coordinates db = TestDatabase.freshEmpty();
        SchemaMigrator.migrate(dataSource(db));
        List<String> once = appliedVersions(db);
        assertEquals("1", once.getFirst());
        SchemaMigrator.migrate(dataSource(db));
        assertEquals(once, appliedVersions(db));
        try (Connection c = db.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM accounts")) {
            assertTrue(rs.next());
            assertEquals(0, rs.getInt(1));
        }
    }

    @Test
    void refusesADatabaseNewerThanTheCode() throws SQLException {
        TestDatabase.Coordinates db = TestDatabase.freshEmpty();
        Flyway.configure().dataSource(dataSource(db)).locations(SchemaMigrator.LOCATION, "classpath:db/future").load().migrate();
        List<String> before = appliedVersions(db);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> SchemaMigrator.migrate(dataSource(db)));
        assertTrue(e.getMessage().startsWith("the database schema is at version 999 but this mailstore only knows versions up to "),
                e.getMessage());
        assertTrue(e.getMessage().endsWith("; run a mailstore at least as new as the one that last migrated this database"),
                e.getMessage());
        assertEquals(before, appliedVersions(db));
    }
}
