package org.mailstore.store;

/**
 * One committed change to a mailbox, as announced to every server instance through PostgreSQL
 * LISTEN/NOTIFY. It carries only what lets a session decide whether to look: which mailbox, what
 * kind of change, and the mailbox's HIGHESTMODSEQ and UIDNEXT after it. Sessions then read the
 * details from the database, so a lost or merged notification never loses a change.
 */
public record MailboxChange(long accountId, long mailboxId, Kind kind, long highestModseq, long uidNext) {
    public enum Kind { APPENDED, FLAGS, EXPUNGED, MAILBOX }

    String payload() {
        return accountId + " " + mailboxId + " " + kind + " " + highestModseq + " " + uidNext;
    }

    /** Null for a payload this version does not understand (another version's server may share the channel). */
    static MailboxChange parse(String payload) {
        String[] f = payload == null ? new String[0] : payload.split(" ");
        if (f.length != 5) return null;
        try {
            return new MailboxChange(Long.parseLong(f[0]), Long.parseLong(f[1]), Kind.valueOf(f[2]),
                    Long.parseLong(f[3]), Long.parseLong(f[4]));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
