package org.mailstore.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailstore.schema.testing.TestDatabase;
import org.mailstore.store.MailStore;

/** account, mailbox and deliver end to end through the command line, against a real PostgreSQL. */
class StoreCommandsTest {
    static final byte[] MESSAGE = ("From: sender@example.net\r\nTo: a@example.org\r\nSubject: hello\r\n"
            + "Message-ID: <1@example.net>\r\n\r\nHello, world.\r\n").getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path dir;

    private TestDatabase.Coordinates db;
    private Cli cli;

    @BeforeEach
    void setUp() {
        db = TestDatabase.fresh();
        cli = new Cli(ServeExternalDatabaseTest.env(db, dataDir()), dir);
    }

    private Path dataDir() {
        return dir.resolve("data");
    }

    private Path blobDir() {
        return dataDir().resolve("blobs");
    }

    private Cli.Result run(String stdin, String... args) {
        return cli.runWithInput(stdin.getBytes(StandardCharsets.UTF_8), Optional.empty(), args);
    }

    private Cli.Result ok(String stdin, String... args) {
        Cli.Result r = run(stdin, args);
        assertEquals(0, r.code(), String.join(" ", args) + ": " + r.err());
        assertEquals("", r.err(), String.join(" ", args));
        return r;
    }

    private void addAccount(String address) {
        assertEquals("", ok("secret-" + address + "\n", "account", "add", address, "--password-stdin").out());
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    /** Every regular file in the blob tree outside its temp directory. */
    private List<Path> blobFiles() throws Exception {
        try (Stream<Path> walk = Files.walk(blobDir())) {
            return walk.filter(Files::isRegularFile).filter(p -> !blobDir().relativize(p).startsWith("tmp")).toList();
        }
    }

    private boolean authenticates(String address, String password) throws Exception {
        try (Database database = Database.open(new JdbcTarget(db.url(), db.user(), db.password()), 2);
             MailStore store = MailStore.open(database.dataSource(), dir.resolve("check-blobs"), 2,
                     dir.resolve("check-journal"), "check")) {
            return store.accounts().authenticate(address, password.toCharArray()).isPresent();
        }
    }

    @Test
    void accountAddListPasswdDelete() throws Exception {
        addAccount("a@example.org");
        addAccount("b@example.org");
        assertEquals("a@example.org\nb@example.org\n", ok("", "account", "list").out().replace("\r\n", "\n"));

        Cli.Result again = run("x\n", "account", "add", "a@example.org", "--password-stdin");
        assertEquals(1, again.code());
        assertTrue(again.err().startsWith("mailstore account add: ALREADY_EXISTS: "), again.err());

        assertTrue(authenticates("a@example.org", "secret-a@example.org"));
        ok("new pass word\r\n", "account", "passwd", "a@example.org", "--password-stdin");
        assertTrue(authenticates("a@example.org", "new pass word"), "CR LF is not part of the password");
        assertTrue(!authenticates("a@example.org", "secret-a@example.org"), "the old password no longer works");

        ok("", "account", "delete", "b@example.org");
        assertEquals("a@example.org\n", ok("", "account", "list").out().replace("\r\n", "\n"));
        Cli.Result gone = run("", "account", "delete", "b@example.org");
        assertEquals(1, gone.code());
        assertTrue(gone.err().startsWith("mailstore account delete: NO_SUCH_ACCOUNT: "), gone.err());
    }

    @Test
    void passwordTypedTwiceOnTheTerminal() throws Exception {
        Cli.Result r = cli.runWithInput(new byte[0], Optional.of(prompt -> "typed".toCharArray()), "account", "add", "t@example.org");
        assertEquals(0, r.code(), r.err());
        assertTrue(authenticates("t@example.org", "typed"));
    }

    @Test
    void unusablePasswordsAreBadUsage() {
        int[] calls = {0};
        PasswordConsole differing = prompt -> (calls[0]++ == 0 ? "one" : "two").toCharArray();
        Cli.Result mismatch = cli.runWithInput(new byte[0], Optional.of(differing), "account", "add", "m@example.org");
        assertEquals(2, mismatch.code());
        assertTrue(mismatch.err().startsWith("the passwords do not match\n"), mismatch.err());

        Cli.Result noTerminal = run("", "account", "add", "n@example.org");
        assertEquals(2, noTerminal.code());
        assertTrue(noTerminal.err().startsWith("no terminal to read the password from; pipe it in with --password-stdin\n"),
                noTerminal.err());
        assertTrue(noTerminal.err().contains("Usage: mailstore account add "), noTerminal.err());

        Cli.Result empty = run("\n", "account", "add", "e@example.org", "--password-stdin");
        assertEquals(2, empty.code());
        assertTrue(empty.err().startsWith("the password is empty\n"), empty.err());

        Cli.Result tooLong = run("x".repeat(PasswordInput.MAX_PASSWORD_BYTES + 1), "account", "passwd", "e@example.org", "--password-stdin");
        assertEquals(2, tooLong.code());
        assertTrue(tooLong.err().startsWith("password longer than 1024 bytes\n"), tooLong.err());

        assertEquals("", ok("", "account", "list").out(), "nothing was created");
    }

    @Test
    void mailboxCreateListDelete() {
        addAccount("a@example.org");
        List<String> defaults = ok("", "mailbox", "list", "a@example.org").out().lines().toList();
        String fields = " messages=0 unseen=0 size=0 uidvalidity=[0-9]+ uidnext=1";
        assertEquals(List.of("INBOX", "Drafts", "Sent", "Trash", "Junk", "Archive").stream().sorted().toList(),
                defaults.stream().map(l -> l.substring(0, l.indexOf(' '))).sorted().toList());
        assertTrue(defaults.stream().allMatch(l -> l.matches("[A-Za-z]+" + fields)), defaults.toString());

        ok("", "mailbox", "create", "a@example.org", "Archive/2024");
        List<String> lines = ok("", "mailbox", "list", "a@example.org").out().lines().toList();
        assertEquals(defaults.size() + 1, lines.size(), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.matches("Archive/2024" + fields)), lines.toString());

        ok("", "mailbox", "delete", "a@example.org", "Archive/2024");
        assertEquals(defaults, ok("", "mailbox", "list", "a@example.org").out().lines().toList());

        Cli.Result inbox = run("", "mailbox", "delete", "a@example.org", "INBOX");
        assertEquals(1, inbox.code());
        assertTrue(inbox.err().startsWith("mailstore mailbox delete: NOT_ALLOWED: "), inbox.err());

        Cli.Result noAccount = run("", "mailbox", "list", "nobody@example.org");
        assertEquals(1, noAccount.code());
        assertTrue(noAccount.err().startsWith("mailstore mailbox list: NO_SUCH_ACCOUNT: "), noAccount.err());
    }

    /** The acceptance: one blob per distinct message, however many recipients get it. */
    @Test
    void deliverStoresIdenticalBytesOnce() throws Exception {
        addAccount("a@example.org");
        addAccount("b@example.org");
        String hash = sha256(MESSAGE);
        Path expectedBlob = blobDir().resolve(hash.substring(0, 2)).resolve(hash.substring(2, 4)).resolve(hash);

        Cli.Result first = cli.runWithInput(MESSAGE, Optional.empty(), "deliver", "--to", "a@example.org");
        assertEquals(0, first.code(), first.err());
        assertEquals("a@example.org INBOX uid=1 blob=" + hash + "\n", first.out().replace("\r\n", "\n"));
        assertEquals(List.of(expectedBlob), blobFiles());
        assertEquals(HexFormat.of().formatHex(MESSAGE), HexFormat.of().formatHex(Files.readAllBytes(expectedBlob)));

        Cli.Result second = cli.runWithInput(MESSAGE, Optional.empty(), "deliver", "--to", "b@example.org");
        assertEquals(0, second.code(), second.err());
        assertEquals("b@example.org INBOX uid=1 blob=" + hash + "\n", second.out().replace("\r\n", "\n"));
        assertEquals(List.of(expectedBlob), blobFiles(), "the same bytes are stored once");

        Cli.Result third = cli.runWithInput(MESSAGE, Optional.empty(), "deliver", "--to", "a@example.org");
        assertEquals("a@example.org INBOX uid=2 blob=" + hash + "\n", third.out().replace("\r\n", "\n"));
        String inbox = ok("", "mailbox", "list", "a@example.org").out().lines().filter(l -> l.startsWith("INBOX ")).findFirst().orElseThrow();
        assertTrue(inbox.matches("INBOX messages=2 unseen=2 size=" + 2 * MESSAGE.length + " uidvalidity=[0-9]+ uidnext=3"), inbox);
    }

    @Test
    void deliverToSeveralRecipientsReportsEach() throws Exception {
        addAccount("a@example.org");
        addAccount("b@example.org");
        ok("", "mailbox", "create", "b@example.org", "Lists");
        String hash = sha256(MESSAGE);

        Cli.Result r = cli.runWithInput(MESSAGE, Optional.empty(),
                "deliver", "--to", "a@example.org", "--to", "nobody@example.org", "--to", "b@example.org");
        assertEquals(1, r.code(), "a recipient failed");
        assertEquals("a@example.org INBOX uid=1 blob=" + hash + "\nb@example.org INBOX uid=1 blob=" + hash + "\n",
                r.out().replace("\r\n", "\n"));
        assertTrue(r.err().startsWith("mailstore deliver: nobody@example.org: NO_SUCH_ACCOUNT: "), r.err());
        assertEquals(1, blobFiles().size());

        Cli.Result lists = cli.runWithInput(MESSAGE, Optional.empty(), "deliver", "--to", "b@example.org", "--mailbox", "Lists");
        assertEquals(0, lists.code(), lists.err());
        assertEquals("b@example.org Lists uid=1 blob=" + hash + "\n", lists.out().replace("\r\n", "\n"));
    }

    @Test
    void deliverWithoutRecipientIsBadUsage() {
        Cli.Result r = cli.runWithInput(MESSAGE, Optional.empty(), "deliver");
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("Missing required option: '--to=ADDR'"), r.err());
    }
}
