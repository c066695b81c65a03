package org.mailstore.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A client's QRESYNC resync (RFC 7162 §3.2.5) after {@value #CHANGES} changes, timed. A second connection appends
 * {@value #EXPUNGES} small messages and clears \Flagged on {@value #FLAG_CHANGES} others, then records UIDVALIDITY and
 * HIGHESTMODSEQ (as the client did when it last left), sets \Flagged on those {@value #FLAG_CHANGES} and expunges the
 * {@value #EXPUNGES}: a hundred changes, and the mailbox as it was before. A fresh connection then times
 * {@code SELECT INBOX (QRESYNC (uidvalidity modseq))} to its tagged OK, which must answer exactly
 * {@value #FLAG_CHANGES} FETCH responses and a VANISHED (EARLIER) that covers the expunged UIDs (a server may name
 * older ones too, RFC 7162 §3.2.5.1).
 */
final class QresyncRound {
    static final int FLAG_CHANGES = 90;
    static final int EXPUNGES = 10;
    static final int CHANGES = FLAG_CHANGES + EXPUNGES;

    /** The timed SELECT: its time, the FETCH and VANISHED UIDs it answered, its bytes; {@code failure} null when right. */
    record Timing(long nanos, long fetched, long vanished, long bytes, String failure) {}

    private static final Pattern FETCH = Pattern.compile("^\\* \\d+ FETCH .*", Pattern.CASE_INSENSITIVE);
    private static final Pattern VANISHED = Pattern.compile("^\\* VANISHED \\(EARLIER\\) ([0-9:,]+)$", Pattern.CASE_INSENSITIVE);
    private static final Pattern UIDVALIDITY = Pattern.compile("\\[UIDVALIDITY (\\d+)]", Pattern.CASE_INSENSITIVE);
    private static final Pattern HIGHESTMODSEQ = Pattern.compile("\\[HIGHESTMODSEQ (\\d+)]", Pattern.CASE_INSENSITIVE);

    private final InetSocketAddress server;
    private final String user;
    private final String password;

    QresyncRound(InetSocketAddress server, String user, String password) {
        this.server = server;
        this.user = user;
        this.password = password;
    }

    Timing run() throws IOException {
        Baseline base;
        try (ImapBenchConnection changer = loggedIn()) {
            base = change(changer);
        }
        try (ImapBenchConnection client = loggedIn()) {
            enable(client);
            long[] fetched = {0};
            TreeSet<Long> vanished = new TreeSet<>();
            String select = "SELECT INBOX (QRESYNC (" + base.uidValidity() + " " + base.modseq() + "))";
            long t0 = System.nanoTime();
            ImapBenchConnection.Response r = client.command(select, l -> {
                if (FETCH.matcher(l).matches()) fetched[0]++;
                Matcher v = VANISHED.matcher(l);
                if (v.matches()) vanished.addAll(uids(v.group(1)));
            });
            long nanos = System.nanoTime() - t0;
            String failure = !r.ok() ? select + ": " + r.status() + " " + r.text()
                    : fetched[0] != FLAG_CHANGES ? "QRESYNC answered " + fetched[0] + " FETCH responses, expected " + FLAG_CHANGES
                    : !vanished.containsAll(base.expunged()) ? "VANISHED (EARLIER) lacks some of " + base.expunged()
                    : null;
            return new Timing(nanos, fetched[0], vanished.size(), r.bytes(), failure);
        }
    }

    /** What the client knew: the mailbox's UIDVALIDITY and HIGHESTMODSEQ, and the UIDs expunged after. */
    private record Baseline(long uidValidity, long modseq, List<Long> expunged) {}

    private Baseline change(ImapBenchConnection c) throws IOException {
        enable(c);
        long[] exists = {-1};
        check(c.command("SELECT INBOX", l -> exists[0] = Math.max(exists[0], ImapBenchConnection.exists(l))), "SELECT INBOX");
        if (exists[0] < FLAG_CHANGES) throw new IOException("INBOX holds " + exists[0] + " messages, fewer than " + FLAG_CHANGES);
        String seqs = spread(exists[0]);
        check(c.command("STORE " + seqs + " -FLAGS.SILENT (\\Flagged)"), "STORE -FLAGS");
        List<Long> added = new ArrayList<>();
        for (int i = 0; i < EXPUNGES; i++) {
            long[] uid = {0};
            check(c.append("INBOX", "", filler(i), uid), "APPEND");
            if (uid[0] == 0) throw new IOException("APPEND gave no APPENDUID (UIDPLUS is needed)");
            added.add(uid[0]);
        }
        long[] validity = {-1};
        long[] modseq = {-1};
        check(c.command("SELECT INBOX", l -> {
            Matcher v = UIDVALIDITY.matcher(l);
            if (v.find()) validity[0] = Long.parseLong(v.group(1));
            Matcher m = HIGHESTMODSEQ.matcher(l);
            if (m.find()) modseq[0] = Long.parseLong(m.group(1));
        }), "SELECT INBOX");
        if (validity[0] < 0 || modseq[0] < 0) throw new IOException("SELECT INBOX reported no UIDVALIDITY or HIGHESTMODSEQ");
        check(c.command("STORE " + seqs + " +FLAGS.SILENT (\\Flagged)"), "STORE +FLAGS");
        String uidSet = added.stream().map(String::valueOf).reduce((a, b) -> a + "," + b).orElseThrow();
        check(c.command("UID STORE " + uidSet + " +FLAGS.SILENT (\\Deleted)"), "UID STORE \\Deleted");
        check(c.command("UID EXPUNGE " + uidSet), "UID EXPUNGE");
        return new Baseline(validity[0], modseq[0], added);
    }

    private ImapBenchConnection loggedIn() throws IOException {
        ImapBenchConnection c = new ImapBenchConnection(server);
        ImapBenchConnection.Response login = c.login(user, password);
        if (!login.ok()) {
            c.close();
            throw new IOException("LOGIN " + user + ": " + login.status() + " " + login.text());
        }
        return c;
    }

    private static void enable(ImapBenchConnection c) throws IOException {
        if (!c.hasCapability("QRESYNC")) throw new IOException("the server does not offer QRESYNC");
        check(c.command("ENABLE QRESYNC"), "ENABLE QRESYNC");
    }

    private static void check(ImapBenchConnection.Response r, String what) throws IOException {
        if (!r.ok()) throw new IOException(what + ": " + r.status() + " " + r.text());
    }

    /** {@value #FLAG_CHANGES} sequence numbers spread evenly over 1..exists, the newest left out (the appended ones follow). */
    static String spread(long exists) {
        StringJoiner set = new StringJoiner(",");
        long step = exists / FLAG_CHANGES;
        for (int i = 0; i < FLAG_CHANGES; i++) set.add(String.valueOf(1 + i * step));
        return set.toString();
    }

    static List<Long> uids(String set) {
        List<Long> uids = new ArrayList<>();
        for (String part : set.split(",")) {
            int colon = part.indexOf(':');
            long from = Long.parseLong(colon < 0 ? part : part.substring(0, colon));
            long to = colon < 0 ? from : Long.parseLong(part.substring(colon + 1));
            for (long u = Math.min(from, to); u <= Math.max(from, to); u++) uids.add(u);
        }
        return uids;
    }

    private static byte[] filler(int i) {
        return ("From: qresync@bench.test\r\nSubject: qresync filler " + i + "\r\nMessage-ID: <filler." + System.nanoTime()
                + "@bench.test>\r\n\r\nTo be expunged.\r\n").getBytes(StandardCharsets.US_ASCII);
    }
}
