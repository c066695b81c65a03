package org.mailstore.store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.mailstore.store.journal.JournalRecord;

/**
 * The UIDs this process has journaled for messages whose transaction has not committed yet, or whose commit failed
 * and is not settled yet ({@link InDoubtCommits}). A transaction may journal a UID only if no other holds a claim on
 * it.
 *
 * <p>Why: a transaction journals its records before its COMMIT (invariant 5). If it then rolls back in PostgreSQL
 * (its COMMIT refused, its backend terminated, or a backend left running after its postmaster was killed), another
 * transaction waiting on the same mailbox row gets the mailbox's UIDNEXT as it was, and with it the UID the first
 * journaled, before the first one's thread has even seen the failure. The journal would then name two messages with
 * one UID, which a reconcile can only repair with a new UIDVALIDITY. With the claim the second transaction is refused
 * before its journal write and rolls back; the settling then raises UIDNEXT past the claimed UID.
 *
 * <p>Instances that share a database journal separately and do not see each other's claims; the window between them
 * needs one instance's backend to die while the other's run on.
 */
final class UidClaims {
    private record Claim(long mailboxId, long uidValidity, long uid) { }

    private final Set<Claim> claims = new HashSet<>();

    /** Claims the UIDs of {@code records}' appends, all or none; CONFLICT if another transaction holds one of them. */
    synchronized void claim(Collection<JournalRecord> records) {
        List<Claim> wanted = claimsOf(records);
        for (Claim c : wanted) {
            if (claims.contains(c)) {
                throw new StoreException(StoreException.Reason.CONFLICT, "UID " + c.uid() + " of mailbox " + c.mailboxId()
                        + " is journaled by a transaction whose commit has not been settled; try again");
            }
        }
        claims.addAll(wanted);
    }

    synchronized void release(Collection<JournalRecord> records) {
        claimsOf(records).forEach(claims::remove);
    }

    private static List<Claim> claimsOf(Collection<JournalRecord> records) {
        List<Claim> out = new ArrayList<>();
        for (JournalRecord r : records) {
            if (r instanceof JournalRecord.MessageAppended a) out.add(new Claim(a.mailboxId(), a.uidValidity(), a.uid()));
        }
        return out;
    }
}
