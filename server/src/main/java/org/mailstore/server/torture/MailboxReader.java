package org.mailstore.server.torture;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads what the torture checks from a mailbox over IMAP: its counters, UID to Message-ID, sizes, flags, bodies. */
final class MailboxReader {
    record Selected(long uidValidity, long uidNext, long highestModseq, long exists) {}

    record Listed(long uid, String messageId, long size, boolean flagged) {}

    private static final Pattern UIDVALIDITY = Pattern.compile("\\[UIDVALIDITY (\\d+)]");
    private static final Pattern UIDNEXT = Pattern.compile("\\[UIDNEXT (\\d+)]");
    private static final Pattern HIGHESTMODSEQ = Pattern.compile("\\[HIGHESTMODSEQ (\\d+)]");
    private static final Pattern EXISTS = Pattern.compile("^\\* (\\d+) EXISTS");
    private static final Pattern UID = Pattern.compile("[( ]UID (\\d+)");
    private static final Pattern SIZE = Pattern.compile("RFC822\\.SIZE (\\d+)");
    private static final Pattern FLAGS = Pattern.compile("FLAGS \\(([^)]*)\\)");
    private static final Pattern MESSAGE_ID = Pattern.compile("(?i)^Message-ID: *(<[^>]+>)", Pattern.MULTILINE);

    private MailboxReader() {}

    static Selected select(ImapClient c, String mailbox) throws IOException {
        List<ImapClient.Response> r = c.ok("SELECT " + mailbox + " (CONDSTORE)");
        return new Selected(number(r, UIDVALIDITY), number(r, UIDNEXT), number(r, HIGHESTMODSEQ), number(r, EXISTS));
    }

    /** The messages in {@code uidSet} of the selected mailbox. */
    static List<Listed> list(ImapClient c, String uidSet) throws IOException {
        List<Listed> listed = new ArrayList<>();
        for (ImapClient.Response r : c.ok("UID FETCH " + uidSet + " (UID FLAGS RFC822.SIZE BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)])")) {
            if (!r.text().startsWith("* ") || !r.text().contains(" FETCH ") || r.literals().isEmpty()) continue;
            Matcher id = MESSAGE_ID.matcher(new String(r.literals().getFirst(), StandardCharsets.ISO_8859_1));
            Matcher flags = FLAGS.matcher(r.text());
            listed.add(new Listed(number(r.text(), UID), id.find() ? id.group(1) : "", number(r.text(), SIZE),
                    flags.find() && flags.group(1).contains("\\Flagged")));
        }
        return listed;
    }

    /** The full bodies of {@code uidSet}, by UID. */
    static Map<Long, byte[]> bodies(ImapClient c, String uidSet) throws IOException {
        Map<Long, byte[]> bodies = new HashMap<>();
        for (ImapClient.Response r : c.ok("UID FETCH " + uidSet + " (UID BODY.PEEK[])")) {
            if (r.text().startsWith("* ") && r.text().contains(" FETCH ") && !r.literals().isEmpty()) {
                bodies.put(number(r.text(), UID), r.literals().getFirst());
            }
        }
        return bodies;
    }

    private static long number(List<ImapClient.Response> responses, Pattern p) throws IOException {
        for (ImapClient.Response r : responses) {
            Matcher m = p.matcher(r.text());
            if (m.find()) return Long.parseLong(m.group(1));
        }
        throw new IOException("no " + p.pattern() + " in the SELECT response");
    }

    private static long number(String text, Pattern p) throws IOException {
        Matcher m = p.matcher(text);
        if (!m.find()) throw new IOException("no " + p.pattern() + " in " + text);
        return Long.parseLong(m.group(1));
    }
}
