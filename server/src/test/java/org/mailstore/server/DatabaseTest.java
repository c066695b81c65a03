package org.mailstore.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.mailstore.schema.testing.TestDatabase;

class DatabaseTest {
    /**
     * A statement the driver has prepared on the server (from its fifth execution) is never planned per call: with
     * PostgreSQL's default, its first five executions each get a plan of their own.
     */
    @Test
    void preparedStatementsUseOneGenericPlan() throws Exception {
        TestDatabase.Coordinates db = TestDatabase.freshEmpty();
        try (Database pool = Database.open(new JdbcTarget(db.url(), db.user(), db.password()), 2);
             Connection c = pool.dataSource().getConnection()) {
            try (Statement st = c.createStatement()) {
                st.execute("CREATE TABLE plan_probe (k bigint PRIMARY KEY, v text)");
                st.execute("INSERT INTO plan_probe SELECT g, 'v' || g FROM generate_series(1, 1000) g");
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT v FROM plan_probe WHERE k = ?")) {
                for (int i = 1; i <= 10; i++) {
                    ps.setLong(1, i);
                    try (ResultSet rs = ps.executeQuery()) {
                        assertTrue(rs.next());
                    }
                }
            }
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT generic_plans, custom_plans FROM pg_prepared_statements"
                         + " WHERE statement LIKE 'SELECT v FROM plan_probe%'")) {
                assertTrue(rs.next(), "the driver prepared the statement on the server");
                assertTrue(rs.getLong(1) > 0, "generic plans: " + rs.getLong(1));
                assertEquals(0, rs.getLong(2), "custom plans");
            }
        }
    }
}
