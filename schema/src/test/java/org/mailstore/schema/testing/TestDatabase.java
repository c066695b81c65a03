package org.mailstore.schema.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL for tests, never a mock: the server named by {@code MAILSTORE_TEST_DB_URL}
 * (with {@code MAILSTORE_TEST_DB_USER}/{@code MAILSTORE_TEST_DB_PASSWORD}) when set, else a
 * Testcontainers PostgreSQL when a Docker engine answers, else an embedded PostgreSQL 17 started
 * once per JVM. {@link #fresh()} creates a new, migrated database on that server, so each test
 * class gets its own and test classes never see each other's rows.
 */
public final class TestDatabase {
    private static final Logger log = LoggerFactory.getLogger(TestDatabase.class);
    private static final AtomicInteger counter = new AtomicInteger();
    private static volatile Server server;

    /** JDBC coordinates of one fresh, migrated database. */
    public record Coordinates(String url, String user, String password, String name) {
        public Connection connect() throws SQLException {
            return DriverManager.getConnection(url, user, password);
        }
    }

    private record Server(String baseUrl, String user, String password) {
        String urlFor(String database) {
            int q = baseUrl.indexOf('?');
            String path = q < 0 ? baseUrl : baseUrl.substring(0, q);
            String query = q < 0 ? "" : baseUrl.substring(q);
            return path.substring(0, path.lastIndexOf('/') + 1) + database + query;
        }
    }

    private TestDatabase() {}

    /** A new database, migrated to the latest schema version. */
    public static Coordinates fresh() {
        Coordinates db = freshEmpty();
        Flyway.configure().dataSource(db.url(), db.user(), db.password())
                .locations("classpath:db/migration").load().migrate();
        return db;
    }

    /** A new database with no tables at all, for tests of migration itself. */
    public static Coordinates freshEmpty() {
        Server s = server();
        String name = "mailstore_test_" + ProcessHandle.current().pid() + "_" + counter.incrementAndGet();
        try (Connection c = DriverManager.getConnection(s.baseUrl(), s.user(), s.password());
             Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + name);
            st.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database " + name, e);
        }
        return new Coordinates(s.urlFor(name), s.user(), s.password(), name);
    }

    private static Server server() {
        Server s = server;
        if (s == null) {
            synchronized (TestDatabase.class) {
                if (server == null) server = start();
                s = server;
            }
        }
        return s;
    }

    private static Server start() {
        String external = System.getenv("MAILSTORE_TEST_DB_URL");
        if (external != null && !external.isBlank()) {
            log.info("tests use the external PostgreSQL at {}", external);
            return new Server(external, env("MAILSTORE_TEST_DB_USER", "postgres"), env("MAILSTORE_TEST_DB_PASSWORD", ""));
        }
        if (dockerAnswers()) {
            try {
                return ContainerServer.start();
            } catch (RuntimeException | LinkageError e) {
                log.warn("Docker answered but the PostgreSQL container did not start; using embedded PostgreSQL", e);
            }
        }
        try {
            EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    pg.close();
                } catch (IOException ignored) {
                    // the JVM is exiting; the temp cluster is removed by the OS or the next run
                }
            }));
            log.info("tests use an embedded PostgreSQL on port {}", pg.getPort());
            return new Server(pg.getJdbcUrl("postgres", "postgres"), "postgres", "");
        } catch (IOException e) {
            throw new IllegalStateException("cannot start embedded PostgreSQL", e);
        }
    }

    private static boolean dockerAnswers() {
        String host = System.getenv("DOCKER_HOST");
        if (host != null && host.startsWith("tcp://")) {
            String[] hp = host.substring(6).split(":");
            try (Socket ignored = new Socket(hp[0], Integer.parseInt(hp[1].replaceAll("/.*", "")))) {
                return true;
            } catch (IOException | RuntimeException e) {
                return false;
            }
        }
        java.nio.file.Path sock = java.nio.file.Path.of("/var/run/docker.sock");
        if (!java.nio.file.Files.exists(sock)) return false;
        try (var ch = java.nio.channels.SocketChannel.open(java.net.UnixDomainSocketAddress.of(sock))) {
            return ch.isConnected();
        } catch (IOException e) {
            return false;
        }
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null ? fallback : v;
    }

    /** Kept apart so the Testcontainers classes load only when a Docker engine answers. */
    private static final class ContainerServer {
        static Server start() {
            var c = new org.testcontainers.containers.PostgreSQLContainer<>("postgres:17");
            c.start();
            log.info("tests use a Testcontainers PostgreSQL at {}", c.getJdbcUrl());
            return new Server(c.getJdbcUrl(), c.getUsername(), c.getPassword());
        }
    }
}
