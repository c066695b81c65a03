package org.mailstore.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mailstore.blobstore.testing.Strace;
import org.mailstore.schema.testing.TestDatabase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Invariants 1 and 5 seen by the kernel: a real {@code serve} runs under strace, takes one LMTP delivery and one
 * IMAP APPEND, and the system calls of its JVM show, for each, the blob's temp file fsynced, linked to its final
 * name, its directory fsynced, the journal segment fdatasynced, the COMMIT sent to PostgreSQL and its reply
 * read, and only then the {@code 250} or {@code OK} written to the client.
 *
 * <p>The database's side is the JDBC socket: the COMMIT written and PostgreSQL's CommandComplete "COMMIT" read back
 * on the connection that carried the message's INSERT. With synchronous_commit on (serve's embedded PostgreSQL sets
 * it; it is PostgreSQL's default) the server answers COMMIT only after its WAL flush, so the reply is the moment the
 * row is durable as far as serve can know. Tracing the backend's WAL fsync instead would put the database's
 * processes in the traced tree and still not say which fsync covers which transaction. The database here is the
 * shared test server, outside the trace (it may run with fsync off: the order serve keeps is what is tested).
 *
 * <p>The order the store keeps is journal before commit (docs/store.md): a journal record without its row is
 * replayed by the reconciler, a row without its journal record could not be rebuilt if the database were lost.
 */
@Timeout(600)
class DurabilityOrderTest {
    private static final Logger log = LoggerFactory.getLogger(DurabilityOrderTest.class);
    private static final String TRACED = "write,pwrite64,writev,sendto,sendmsg,read,recvfrom,fsync,fdatasync,"
            + "rename,renameat,renameat2,link,linkat,openat";
    /** Enough for the APPEND row statement (AppendRow), whose INSERT comes after its quota and mailbox CTEs. */
    private static final int STRING_LIMIT = 4096;
    private static final String USER = "order@serve.test";
    private static final String PASSWORD = "pw";
    /** PostgreSQL's CommandComplete message for COMMIT as strace prints it: 'C', length 11, the tag. */
    private static final String COMMAND_COMPLETE_COMMIT = "C\\0\\0\\0\\vCOMMIT\\0";
    private static final Pattern SOCKET = Pattern.compile("^(\\d+)<TCP(?:v6)?:\\[(.*?)\\]>");

    @TempDir
    Path dir;

    @BeforeAll
    static void needsStrace() {
        boolean available = Strace.available();
        if (!available) log.warn("skipping the durability-order test: strace is not installed or may not trace here");
        assumeTrue(available, "strace is not installed or may not trace here");
    }

    @Test
    void lmtpSaysSavedAndImapSaysOkOnlyAfterBlobJournalAndCommitAreDurable() throws Exception {
        TestDatabase.Coordinates db = TestDatabase.fresh();
        Matcher url = Pattern.compile("//[^:/]+:(\\d+)/").matcher(db.url());
        assertTrue(url.find(), db.url());
        int databasePort = Integer.parseInt(url.group(1));
        Path data = dir.resolve("data");
        Map<String, String> env = ImapServe.env(db, data, "order");
        Path trace = dir.resolve("strace.log");
        int lmtpPort;
        int imapPort;
        try (ServeProcess serve = ServeProcess.start(dir, env, ServeProcess.Options.DEFAULT.withWrapper(Strace.prefix(TRACED, trace, STRING_LIMIT)))) {
            Cli.Result add = new Cli(env, dir).runWithInput((PASSWORD + "\n").getBytes(StandardCharsets.UTF_8),
                    Optional.empty(), "account", "add", USER, "--password-stdin");
            assertEquals(0, add.code(), add.err());
            lmtpPort = port(serve, "lmtp");
            imapPort = port(serve, "imap");
            LmtpWire.deliver(lmtpPort, USER, "Subject: traced delivery\r\n\r\nbody of the delivery\r\n");
            try (ImapWire imap = ImapWire.login(imapPort, USER, PASSWORD)) {
                String message = "Subject: traced append\r\n\r\nbody of the append\r\n";
                imap.send("x1 APPEND INBOX {" + message.length() + "+}\r\n" + message);
                String reply = imap.readLine();
                while (!reply.startsWith("x1 ")) reply = imap.readLine();
                assertTrue(reply.startsWith("x1 OK"), reply);
            }
            serve.terminate();
        }
        List<Strace.Syscall> calls = Strace.parse(Files.readAllLines(trace, StandardCharsets.UTF_8));

        int lmtpSaved = first(calls, 0, "LMTP 250 written", c -> writeTo(c, lmtpPort) && c.args().contains("250 2.0.0 <" + USER + "> Saved"));
        assertOrderBefore(calls, 0, lmtpSaved, databasePort, "LMTP delivery");
        int appendOk = first(calls, lmtpSaved, "APPEND OK written", c -> writeTo(c, imapPort) && c.args().contains("x1 OK"));
        assertOrderBefore(calls, lmtpSaved, appendOk, databasePort, "IMAP APPEND");
    }

    /** The chain of one write path, found between {@code from} and the acknowledgement at {@code ack}. */
    private static void assertOrderBefore(List<Strace.Syscall> all, int from, int ack, int databasePort, String what) {
        List<Strace.Syscall> calls = all.subList(from, ack + 1);
        int ackAt = calls.size() - 1;
        int link = last(calls, ackAt, what + ": link of the blob into the tree",
                c -> c.name().startsWith("link") && c.args().contains("/blobs/tmp/") && !c.failed());
        String temp = quoted(calls.get(link).args(), 0);
        String blob = quoted(calls.get(link).args(), 1);
        String blobDir = blob.substring(0, blob.lastIndexOf('/'));
        int tempFsync = last(calls, link, what + ": fsync of the temp file " + temp, c -> c.name().equals("fsync") && onFd(c, temp));
        int lastTempWrite = last(calls, tempFsync, what + ": write of the temp file", c -> c.name().startsWith("write") && onFd(c, temp));
        int dirFsync = first(calls, link, what + ": fsync of " + blobDir, c -> c.name().equals("fsync") && onFd(c, blobDir));
        int insert = first(calls, dirFsync, what + ": INSERT of the message row",
                c -> pgSocket(c, databasePort).isPresent() && isWrite(c) && isMessageInsert(c));
        String connection = pgSocket(calls.get(insert), databasePort).orElseThrow();
        int journalSync = first(calls, insert, what + ": fdatasync of the journal segment",
                c -> (c.name().equals("fdatasync") || c.name().equals("fsync")) && c.fdPath().filter(p -> p.contains("/journal/")).isPresent());
        // pgjdbc prepares COMMIT once per connection and then sends only its statement name, so the commit is
        // recognised by PostgreSQL's CommandComplete "COMMIT" and the write is the request just before it.
        int committed = first(calls, journalSync, what + ": CommandComplete COMMIT read on the INSERT's connection",
                c -> isRead(c) && pgSocket(c, databasePort).filter(connection::equals).isPresent() && c.args().contains(COMMAND_COMPLETE_COMMIT));
        int commit = last(calls, committed, what + ": COMMIT written on the INSERT's connection",
                c -> isWrite(c) && pgSocket(c, databasePort).filter(connection::equals).isPresent());

        assertTrue(lastTempWrite < tempFsync, what + ": blob bytes written, then fsynced");
        assertTrue(tempFsync < link, what + ": temp file fsynced before it gets its final name");
        assertTrue(link < dirFsync, what + ": directory entry fsynced after the link");
        assertTrue(dirFsync < insert && insert < journalSync, what + ": row inserted after the blob is durable");
        assertTrue(journalSync < commit, what + ": journal durable before the commit");
        assertTrue(commit < committed && committed < ackAt, what + ": acknowledged after PostgreSQL confirmed the commit");
        log.info("{}: temp write {} → fsync {} → link {} → dir fsync {} → INSERT {} → journal fdatasync {} → COMMIT {} → reply {} → ack {}",
                what, lastTempWrite, tempFsync, link, dirFsync, insert, journalSync, commit, committed, ackAt);
    }

    private static int port(ServeProcess serve, String protocol) throws java.io.IOException {
        Matcher m = Pattern.compile("\\b" + protocol + " 127\\.0\\.0\\.1:(\\d+)").matcher(serve.output());
        if (!m.find()) throw new AssertionError("no " + protocol + " listener in: " + serve.output());
        return Integer.parseInt(m.group(1));
    }

    /** jOOQ's {@code insert into "public"."messages"}, as strace escapes its quotes. */
    private static boolean isMessageInsert(Strace.Syscall c) {
        String sql = c.args().toLowerCase(Locale.ROOT);
        return sql.contains("insert into") && sql.contains("messages\\\"");
    }

    private static boolean isWrite(Strace.Syscall c) {
        return c.name().startsWith("write") || c.name().startsWith("send");
    }

    private static boolean isRead(Strace.Syscall c) {
        return c.name().equals("read") || c.name().equals("recvfrom");
    }

    /** A write on the accepted socket of {@code port}: strace -yy prints it as local->remote. */
    private static boolean writeTo(Strace.Syscall c, int port) {
        Matcher m = SOCKET.matcher(c.args());
        return isWrite(c) && m.find() && m.group(2).contains(":" + port + "->");
    }

    /** The socket's endpoints when the call is on a connection to PostgreSQL. */
    private static Optional<String> pgSocket(Strace.Syscall c, int databasePort) {
        Matcher m = SOCKET.matcher(c.args());
        if (!m.find()) return Optional.empty();
        String endpoints = m.group(2);
        return endpoints.endsWith(":" + databasePort) ? Optional.of(endpoints) : Optional.empty();
    }

    private static boolean onFd(Strace.Syscall c, String path) {
        return c.fdPath().filter(path::equals).isPresent();
    }

    private static String quoted(String args, int index) {
        Matcher m = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(args);
        for (int i = 0; i <= index; i++) {
            if (!m.find()) throw new AssertionError("no quoted argument " + index + " in " + args);
        }
        return m.group(1);
    }

    private static int first(List<Strace.Syscall> calls, int from, String what, Predicate<Strace.Syscall> test) {
        for (int i = from; i < calls.size(); i++) {
            if (test.test(calls.get(i))) return i;
        }
        throw new AssertionError("no " + what + " after call " + from + " of " + calls.size());
    }

    private static int last(List<Strace.Syscall> calls, int before, String what, Predicate<Strace.Syscall> test) {
        for (int i = before - 1; i >= 0; i--) {
            if (test.test(calls.get(i))) return i;
        }
        throw new AssertionError("no " + what + " before call " + before);
    }
}
