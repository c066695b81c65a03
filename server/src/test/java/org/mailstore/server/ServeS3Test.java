package org.mailstore.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.mailstore.blobstore.BlobId;
import org.mailstore.blobstore.S3BlobStore;
import org.mailstore.blobstore.testing.S3ProxyFixture;
import org.mailstore.blobstore.testing.S3ProxyServer;

/**
 * {@code serve} with blob.url naming a bucket on a real S3-compatible server (s3proxy in this JVM, serve in a child
 * JVM with the credentials in its environment, as an operator sets them): LMTP stores the body as an object, IMAP
 * FETCH BODY[] and POP3 TOP read it back, nothing lands in the local blob tree; with the endpoint down delivery is
 * refused with 452 4.3.1 (temporary: the MTA retries), nothing is acknowledged and {@code /health} says the blobs are down,
 * and once it is back delivery works again.
 */
class ServeS3Test {
    private static final String USER = "s3@serve.test";
    private static final String PREFIX = "site1/blobs";
    private static final String BODY = "Subject: kept in a bucket\r\n\r\nline one\r\nline two\r\n";
    private static final String HEALTH_UP = "{\"status\":\"up\",\"database\":\"up\",\"blobs\":\"up\"}";

    /** serve gets the credentials in its environment; the reconcile and gc run in this JVM take them from the fixture. */
    @RegisterExtension
    static final S3ProxyFixture s3proxy = new S3ProxyFixture();

    @TempDir
    Path dir;

    private int http;

    private Map<String, String> env(S3ProxyServer s3) {
        Map<String, String> env = new HashMap<>();
        for (String l : new String[] {"POP3S", "IMAPS"}) env.put("MAILSTORE_" + l + "_LISTEN", "off");
        env.put("MAILSTORE_HTTP_LISTEN", "127.0.0.1:" + http);
        for (String l : new String[] {"LMTP", "POP3", "IMAP"}) env.put("MAILSTORE_" + l + "_LISTEN", "127.0.0.1:0");
        env.put("MAILSTORE_BLOB_URL", "s3://" + S3ProxyServer.BUCKET + "/" + PREFIX);
        env.put("MAILSTORE_BLOB_S3_ENDPOINT", s3.endpoint().toString());
        env.put("MAILSTORE_BLOB_S3_REGION", "us-east-1");
        env.put("AWS_ACCESS_KEY_ID", S3ProxyServer.ACCESS_KEY);
        env.put("AWS_SECRET_ACCESS_KEY", S3ProxyServer.SECRET_KEY);
        return env;
    }

    @Test
    void lmtpImapAndPop3WorkWithBodiesInAnS3Bucket() throws Exception {
        http = HttpGet.freePort();
        S3ProxyServer s3 = s3proxy.server();
        try (ServeProcess serve = ServeProcess.start(dir, env(s3))) {
            assertTrue(serve.output().contains("blobs: s3://mail/site1/blobs;"), serve.output());
            int lmtp = port(serve, "lmtp");
            int imap = port(serve, "imap");
            int pop3 = port(serve, "pop3");
            Cli.Result add = new Cli(env(s3), dir).runWithInput("pw\n".getBytes(StandardCharsets.UTF_8), Optional.empty(),
                    "account", "add", USER, "--password-stdin");
            assertEquals(0, add.code(), add.err());

            LmtpWire.deliver(lmtp, USER, BODY);

            List<BlobId> objects = objects(s3);
            assertEquals(1, objects.size(), objects.toString());
            String stored = object(s3, objects.getFirst());
            assertTrue(stored.endsWith(BODY), stored);
            assertEquals(List.of(), localBlobFiles());

            try (ImapWire w = ImapWire.login(imap, USER, "pw")) {
                w.ok("SELECT INBOX");
                assertEquals(List.of("* 1 FETCH (BODY[] {" + stored.length() + "}\r\n" + stored + " FLAGS (\\Seen \\Recent))"),
                        w.ok("FETCH 1 BODY[]"));
            }
            List<String> top = pop3(pop3, "TOP 1 1");
            String headers = stored.substring(0, stored.indexOf("\r\n\r\n"));
            List<String> expected = new java.util.ArrayList<>(List.of("+OK"));
            expected.addAll(headers.lines().toList());
            expected.addAll(List.of("", "line one", "."));
            assertEquals(expected, top);

            assertEquals(HEALTH_UP, HttpGet.get(http, "/health").body());
            s3.stop();
            HttpGet.Response down = HttpGet.get(http, "/health");
            assertEquals(503, down.status(), down.body());
            assertTrue(down.body().matches("\\{\"status\":\"down\",\"database\":\"up\",\"blobs\":\\{\"status\":\"down\",\"reason\":"
                    + "\"BlobStoreException: looking for s3://mail/site1/blobs/00/00/0{64} failed: .+\"}}"), down.body());
            List<String> refused = LmtpWire.replies(lmtp, USER, "Subject: while S3 is down\r\n\r\nx\r\n", Duration.ofSeconds(60));
            assertTrue(refused.contains("452 4.3.1 <" + USER + "> Insufficient system storage"), refused.toString());
            assertTrue(refused.stream().noneMatch(r -> r.contains("Saved")), refused.toString());

            s3.start();
            assertEquals(HEALTH_UP, HttpGet.get(http, "/health").body());
            LmtpWire.deliver(lmtp, USER, "Subject: after the outage\r\n\r\ny\r\n");
            assertEquals(2, objects(s3).size());
            try (ImapWire w = ImapWire.login(imap, USER, "pw")) {
                assertTrue(w.ok("STATUS INBOX (MESSAGES)").getFirst().endsWith("(MESSAGES 2)"));
            }

            Cli.Result reconcile = new Cli(env(s3), dir).run("reconcile", "--check", "--verify-content");
            assertEquals(0, reconcile.code(), reconcile.err());
            assertTrue(reconcile.out().contains("checked: 2 blobs,"), reconcile.out());
            Cli.Result gc = new Cli(env(s3), dir).run("gc");
            assertEquals(0, gc.code(), gc.err());
            assertTrue(gc.out().startsWith("deleted 0 blobs (0 bytes); scanned 2, referenced 2,"), gc.out());
            assertEquals(2, objects(s3).size());
        }
    }

    private static int port(ServeProcess serve, String protocol) throws IOException {
        Matcher m = Pattern.compile("\\b" + protocol + " 127\\.0\\.0\\.1:(\\d+)").matcher(serve.output());
        assertTrue(m.find(), serve.output());
        return Integer.parseInt(m.group(1));
    }

    private List<BlobId> objects(S3ProxyServer s3) throws IOException {
        try (S3BlobStore store = s3.store(PREFIX, dir.resolve("spool")); Stream<BlobId> ids = store.walk()) {
            return ids.toList();
        }
    }

    private String object(S3ProxyServer s3, BlobId id) throws IOException {
        try (S3BlobStore store = s3.store(PREFIX, dir.resolve("spool"));
             InputStream in = store.openStream(id, 0, Long.MAX_VALUE)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Regular files in the local blob tree other than its spool: there must be none. */
    private List<Path> localBlobFiles() throws IOException {
        Path blobs = dir.resolve("data/blobs");
        try (Stream<Path> files = Files.walk(blobs)) {
            return files.filter(Files::isRegularFile).filter(p -> !p.startsWith(blobs.resolve("tmp"))).toList();
        }
    }

    private static List<String> pop3(int port, String command) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(30_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = s.getOutputStream();
            out.write(("USER " + USER + "\r\nPASS pw\r\n" + command + "\r\nQUIT\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            in.readLine();
            in.readLine();
            in.readLine();
            List<String> lines = new java.util.ArrayList<>();
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lines.add(line);
                if (line.equals(".") || line.startsWith("-ERR")) break;
            }
            lines.set(0, lines.getFirst().startsWith("+OK") ? "+OK" : lines.getFirst());
            return lines;
        }
    }
}
