package org.mailstore.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailstore.schema.testing.TestDatabase;

/**
 * Issue 9's first IMAP extensions (WITHIN, SAVEDATE, OBJECTID, LIST-STATUS, STATUS=SIZE, APPENDLIMIT, ESEARCH,
 * SEARCHRES, CREATE-SPECIAL-USE, UNAUTHENTICATE, SORT, SORT=DISPLAY, THREAD) driven by Python's imaplib against {@code serve}: a client library
 * that knows none of them by name parses every answer.
 */
class ImapExtensionsEndToEndTest {
    static final long PROCESS_TIMEOUT_SECONDS = 60;

    @TempDir
    Path dir;

    @Test
    void pythonImaplibDrivesTheExtensions() throws Exception {
        String user = "extensions@example.org";
        try (ImapServe serve = ImapServe.start(dir, ImapServe.env(TestDatabase.freshEmpty(), dir.resolve("data"), "extensions"))) {
            serve.addAccount(user, "pw");
            String first = ImapClientsEndToEndTest.message("Alice <alice@example.org>", "first", "one");
            String second = ImapClientsEndToEndTest.message("Bob <bob@example.org>", "second", "two");
            serve.deliverWithCli(user, first);
            LmtpWire.deliver(serve.lmtp, user, second);

            List<String> out = run(serve.imap, user, "pw");
            assertEquals(List.of(
                    "capabilities True True",
                    "login OK",
                    "select OK 2",
                    "younger 1 2",
                    "older ",
                    "savedsince 1 2",
                    "savedbefore ",
                    "savedate OK 2",
                    "emailid OK 2 2 True",
                    "search-emailid 2",
                    "binary OK True",
                    "status OK \"INBOX\" (MESSAGES 2 SIZE (sum of RFC822.SIZE) MAILBOXID (id) APPENDLIMIT 67108864)",
                    "list-status OK True",
                    "esearch OK (TAG t) UID MIN 1 MAX 2 COUNT 2",
                    "searchres OK 1 (UID 1) 2 (UID 2)",
                    "sort OK [b'2 1']",
                    "uid-sort OK 1 2",
                    "thread OK (1)(2)",
                    "uid-thread OK (2)",
                    "highestmodseq OK True",
                    "store-unchangedsince OK UID STORE completed. True",
                    "store-modified OK [MODIFIED 1] Conditional UID STORE failed.",
                    "changedsince OK 1 (UID 1 FLAGS (\\Flagged \\Recent) MODSEQ (m))",
                    "search-modseq OK True",
                    "delete-drafts OK",
                    "create-special-use OK True",
                    "create-taken NO [USEATTR] \\Sent is already used by another mailbox.",
                    "list-special-use OK (\\HasNoChildren \\Drafts) \"/\" \"MyDrafts\"",
                    "multiappend OK [APPENDUID v 1:2] APPEND completed.",
                    "multiappend-status \"MyDrafts\" (MESSAGES 2)",
                    "unauthenticate OK",
                    "status-after STATUS command error: BAD [b'STATUS is not allowed before login.']",
                    "login-again OK",
                    "enable-qresync OK QRESYNC",
                    "select-qresync OK 1 (UID 1 FLAGS (\\Flagged) MODSEQ (m))",
                    "vanished OK 2",
                    "logout BYE"), out);
        }
    }

    private static List<String> run(int port, String user, String password) throws Exception {
        Path script = script();
        Process p = new ProcessBuilder("python3", script.toString(), "127.0.0.1", Integer.toString(port), user, password)
                .redirectErrorStream(true).start();
        String text;
        try (var in = p.getInputStream()) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!p.waitFor(PROCESS_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("imaplib did not finish: " + text);
        }
        assertEquals(0, p.exitValue(), text);
        return text.lines().toList();
    }

    private static Path script() throws URISyntaxException {
        return Paths.get(ImapExtensionsEndToEndTest.class.getResource("/imaplib/imap_extensions.py").toURI());
    }
}
