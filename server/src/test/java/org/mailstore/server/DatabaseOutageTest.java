package org.mailstore.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mailstore.schema.testing.TestDatabase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issue 12, "database outage": PostgreSQL stops under a running {@code serve} and starts again on the same port and
 * data. While it is down every protocol answers with its temporary failure (LMTP {@code 451 4.3.0}, IMAP
 * {@code NO [UNAVAILABLE]}, POP3 {@code -ERR [SYS/TEMP]}) and stores nothing; once it is back, the same serve
 * delivers, appends and serves POP3 again within {@link #RECOVERY} without a restart.
 */
// It bounds a latency (RECOVERY), so it runs with no other test JVM beside it (root pom.xml, surefire execution "timing").
@Tag("timing")
@Timeout(900)
class DatabaseOutageTest {
    private static final Logger log = LoggerFactory.getLogger(DatabaseOutageTest.class);
    private static final Duration RECOVERY = Duration.ofSeconds(10);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(90);
    private static final String USER = "outage@serve.test";
    private static final String PASSWORD = "pw";

    @TempDir
    Path dir;

    @Test
    void everyProtocolFailsTemporarilyDuringTheOutageAndRecoversWithoutARestart() throws Exception {
        int port = freePort();
        Path pgDir = dir.resolve("pg");
        EmbeddedPostgres pg = postgres(pgDir, port);
        String url = "jdbc:postgresql://localhost:" + port + "/postgres";
        Map<String, String> env = ImapServe.env(new TestDatabase.Coordinates(url, "postgres", "postgres", "postgres"),
                dir.resolve("data"), "outage");
        try (ImapServe serve = ImapServe.start(dir, env)) {
            serve.addAccount(USER, PASSWORD);
            LmtpWire.deliver(serve.lmtp, USER, "Subject: before\r\n\r\nbefore the outage\r\n");
            try (ImapWire held = ImapWire.login(serve.imap, USER, PASSWORD)) {
                held.ok("SELECT INBOX");

                pg.close();
                log.info("PostgreSQL stopped");
                // Each protocol waits out the pool's connection timeout (30 s) before it answers; the three probes
                // run at once so the outage costs that wait once, not three times.
                List<String> lmtp;
                String append;
                String pass;
                try (ExecutorService probes = Executors.newVirtualThreadPerTaskExecutor()) {
                    Future<List<String>> lmtpProbe = probes.submit(() -> LmtpWire.replies(serve.lmtp, USER,
                            "Subject: during\r\n\r\nduring the outage\r\n", READ_TIMEOUT));
                    Future<String> appendProbe = probes.submit(() -> append(held, "x1",
                            "Subject: append during\r\n\r\nduring the outage\r\n"));
                    Future<String> popProbe = probes.submit(() -> pop3Login(serve.pop3));
                    lmtp = lmtpProbe.get();
                    append = appendProbe.get();
                    pass = popProbe.get();
                }
                assertTrue(lmtp.stream().anyMatch(l -> l.startsWith("451 4.3.0")), lmtp.toString());
                assertFalse(lmtp.stream().anyMatch(l -> l.startsWith("250 2.0.0")), lmtp.toString());
                assertTrue(append.startsWith("x1 NO [UNAVAILABLE]"), append);
                assertTrue(pass.startsWith("-ERR [SYS/TEMP]"), pass);

                pg = postgres(pgDir, port);
                long back = System.nanoTime();
                log.info("PostgreSQL started again");
                awaitDelivery(serve.lmtp, back);
                Duration recovered = Duration.ofNanos(System.nanoTime() - back);
                log.info("LMTP delivered again {} ms after PostgreSQL returned", recovered.toMillis());
                assertTrue(recovered.compareTo(RECOVERY) <= 0, "recovered in " + recovered);
                String appendAfter = append(held, "x2", "Subject: append after\r\n\r\nafter the outage\r\n");
                assertTrue(appendAfter.startsWith("x2 OK"), appendAfter);
                assertTrue(pop3Login(serve.pop3).startsWith("+OK"), "POP3 logs in again");
            }
            try (Connection c = DriverManager.getConnection(url, "postgres", "postgres");
                    ResultSet rs = c.createStatement().executeQuery("select count(*) from messages")) {
                rs.next();
                assertEquals(3, rs.getLong(1), "before, the first delivery after, the append after: nothing from the outage");
            }
            assertEquals(0, serve.cli().run("reconcile", "--check").code(), "database, blobs and journal agree");
        } finally {
            pg.close();
        }
    }

    private static EmbeddedPostgres postgres(Path dataDir, int port) throws IOException {
        return EmbeddedPostgres.builder().setDataDirectory(dataDir).setCleanDataDirectory(false).setPort(port)
                .setPGStartupWait(Duration.ofSeconds(60)).start();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Retries one delivery until it is saved; each attempt is a new LMTP session, as an MTA's retry is. */
    private static void awaitDelivery(int port, long since) throws Exception {
        List<String> last = List.of();
        while (System.nanoTime() - since < RECOVERY.multipliedBy(3).toNanos()) {
            last = LmtpWire.replies(port, USER, "Subject: after\r\n\r\nafter the outage\r\n", READ_TIMEOUT);
            if (last.contains("250 2.0.0 <" + USER + "> Saved")) return;
            Thread.sleep(200);
        }
        throw new AssertionError("no delivery within " + RECOVERY.multipliedBy(3) + " of PostgreSQL's return: " + last);
    }

    private static String append(ImapWire imap, String tag, String message) throws IOException {
        imap.send(tag + " APPEND INBOX {" + message.length() + "+}\r\n" + message);
        String line = imap.readLine(READ_TIMEOUT);
        while (!line.startsWith(tag + " ")) line = imap.readLine(READ_TIMEOUT);
        return line;
    }

    /** USER and PASS; returns the reply to PASS. */
    private static String pop3Login(int port) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout((int) READ_TIMEOUT.toMillis());
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            OutputStream out = s.getOutputStream();
            in.readLine();
            out.write(("USER " + USER + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            in.readLine();
            out.write(("PASS " + PASSWORD + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            String reply = in.readLine();
            out.write("QUIT\r\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            return reply;
        }
    }
}
