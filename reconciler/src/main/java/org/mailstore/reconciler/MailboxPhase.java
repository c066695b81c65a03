package org.mailstore.reconciler;

import static org.mailstore.reconciler.Findings.details;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.mailstore.store.MailboxName;
import org.mailstore.store.journal.JournalRecord;
import org.mailstore.store.maintenance.AccountState;
import org.mailstore.store.maintenance.MailboxCatalog;
import org.mailstore.store.maintenance.MailboxRepairs;
import org.mailstore.store.maintenance.MailboxState;
import org.mailstore.store.maintenance.Progress;

/**
 * Brings accounts and mailboxes in line with the journal, before any message is looked at.
 * Matching is by address and UIDVALIDITY (what clients know and what survives the loss of the
 * database); mailbox ids only help attribute renames and deletions.
 *
 * <ul>
 * <li>An account the journal knows and the database lacks is re-created, unable to log in
 *     ({@link MailboxRepairs#LOCKED_PASSWORD}); one whose INBOX the journal deleted is deleted.
 * <li>A journal mailbox the database lacks is re-created under its original UIDVALIDITY and name,
 *     unless the journal deleted it, or the database's UIDVALIDITY floor shows the database created
 *     it and dropped it since (a journal older than the database).
 * <li>A journal deletion is honoured unless something used the mailbox after it, in the journal
 *     or in the database (a deletion whose transaction rolled back).
 * <li>A rename is applied only when the database still has a name the journal renamed away from.
 * <li>The account's UIDVALIDITY floor is raised to every UIDVALIDITY the journal shows handed out.
 * </ul>
 */
final class MailboxPhase {
    private final JournalIndex journal;
    private final MailboxCatalog catalog;
    private final MailboxRepairs repairs;
    private final Findings findings;
    /** Accounts (and their mailboxes) read per query. */
    static final int ACCOUNTS_PER_QUERY = 500;

    private final Map<Integer, Target> targets = new HashMap<>();

    MailboxPhase(JournalIndex journal, MailboxCatalog catalog, MailboxRepairs repairs, Findings findings) {
        this.journal = journal;
        this.catalog = catalog;
        this.repairs = repairs;
        this.findings = findings;
    }

    /** Journal mailbox index to where its messages go; mailboxes left out are gone or superseded. */
    Map<Integer, Target> run(Progress progress) {
        Map<String, List<JournalMailbox>> byAddress = new TreeMap<>();
        for (JournalMailbox m : journal.mailboxes()) byAddress.computeIfAbsent(m.address, a -> new ArrayList<>()).add(m);
        Map<String, List<JournalRecord>> events = new HashMap<>();
        for (JournalRecord e : journal.unattributedEvents()) {
            String address = e instanceof JournalRecord.MailboxRenamed n ? n.address() : ((JournalRecord.MailboxDeleted) e).address();
            events.computeIfAbsent(address, a -> new ArrayList<>()).add(e);
            byAddress.computeIfAbsent(address, a -> new ArrayList<>());
        }
        progress.phase("mailboxes", byAddress.size());
        List<String> addresses = new ArrayList<>(byAddress.keySet());
        for (int i = 0; i < addresses.size(); i += ACCOUNTS_PER_QUERY) {
            List<String> chunk = addresses.subList(i, Math.min(addresses.size(), i + ACCOUNTS_PER_QUERY));
            Map<String, AccountState> accounts = catalog.accounts(chunk);
            Map<Long, List<MailboxState>> mailboxes = catalog.mailboxes(accounts.values().stream().map(AccountState::id).toList());
            for (String address : chunk) {
                Optional<AccountState> account = Optional.ofNullable(accounts.get(address));
                List<MailboxState> db = account.map(a -> mailboxes.getOrDefault(a.id(), List.of())).orElse(List.of());
                account(address, byAddress.get(address), events.getOrDefault(address, List.of()), account, db);
                progress.advance(1);
            }
        }
        progress.done();
        return targets;
    }

    private void account(String address, List<JournalMailbox> known, List<JournalRecord> unattributed, Optional<AccountState> account,
                         List<MailboxState> db) {
        List<JournalMailbox> mailboxes = new ArrayList<>(known);
        attributeThroughDatabase(address, db, unattributed, mailboxes);
        mailboxes.sort(Comparator.comparingLong(m -> m.uidValidity));

        if (account.isPresent() && inboxDeleted(account.get(), db, mailboxes)) {
            findings.repairable(FindingKind.ACCOUNT_DELETED, details("account", address));
            if (!findings.check()) repairs.deleteAccount(account.get().id());
            account = Optional.empty();
            db = List.of();
        }
        boolean recreated = false;
        if (account.isEmpty()) {
            if (mailboxes.stream().allMatch(JournalMailbox::deleted)) return;
            findings.repairable(FindingKind.ACCOUNT_RECREATED, details("account", address,
                    "note", "cannot log in until mailstore account passwd sets a password"));
            if (!findings.check()) account = Optional.of(repairs.recreateAccount(address));
            recreated = true;
        }
        long floor = account.map(AccountState::lastUidValidity).orElse(0L);
        for (JournalMailbox m : mailboxes) mailbox(account, recreated, floor, m, db);
        if (account.isPresent()) finishAccount(account.get(), recreated, floor, mailboxes);
    }

    private void mailbox(Optional<AccountState> account, boolean recreatedAccount, long floor, JournalMailbox m, List<MailboxState> db) {
        MailboxState match = db.stream().filter(d -> d.uidValidity() == m.uidValidity).findFirst().orElse(null);
        if (match != null) {
            existing(m, match);
        } else if (m.deleted()) {
            return;
        } else if (!recreatedAccount && m.uidValidity <= floor) {
            findings.info(FindingKind.MAILBOX_SUPERSEDED, details("account", m.address, "mailbox", m.name, "uidValidity", m.uidValidity,
                    "note", "the database created and dropped this mailbox after the journal's copy; not re-created"));
        } else {
            recreate(account, m);
        }
    }

    private void existing(JournalMailbox m, MailboxState db) {
        if (m.deleted()) {
            Optional<Instant> lastSaved = catalog.lastSaved(db.accountId(), db.mailboxId());
            if (lastSaved.isPresent() && lastSaved.get().isAfter(m.deletedAt)) {
                deletionIgnored(m, db.name());
                targets.put(m.index, new Target(m, db, false));
                return;
            }
            findings.repairable(FindingKind.MAILBOX_DELETED, details("account", m.address, "mailbox", db.name(), "uidValidity", m.uidValidity));
            if (!findings.check()) repairs.deleteMailbox(db.accountId(), db.mailboxId());
            return;
        }
        if (m.deletionContradicted()) deletionIgnored(m, db.name());
        MailboxState current = db;
        if (m.renamedSince(db.name())) current = rename(m, db);
        targets.put(m.index, new Target(m, current, false));
    }

    private MailboxState rename(JournalMailbox m, MailboxState db) {
        if (repairs.nameTaken(db.accountId(), m.name)) {
            findings.unresolved(FindingKind.MAILBOX_NAME_TAKEN, details("account", m.address, "mailbox", db.name(), "uidValidity",
                    m.uidValidity, "journalName", m.name, "note", "another mailbox has the name the journal renamed this one to"));
            return db;
        }
        findings.repairable(FindingKind.MAILBOX_RENAMED, details("account", m.address, "from", db.name(), "to", m.name,
                "uidValidity", m.uidValidity));
        if (findings.check()) return db;
        repairs.renameMailbox(db.accountId(), db.mailboxId(), m.name);
        return new MailboxState(db.accountId(), db.mailboxId(), m.name, db.uidValidity(), db.uidNext(), db.highestModseq(), db.specialUse());
    }

    private void recreate(Optional<AccountState> account, JournalMailbox m) {
        String wanted = m.name == null ? "Restored-" + m.uidValidity : m.name;
        String name = wanted;
        if (account.isPresent() && repairs.nameTaken(account.get().id(), name)) name = wanted + " (restored " + m.uidValidity + ")";
        findings.repairable(FindingKind.MAILBOX_RECREATED, name.equals(wanted)
                ? details("account", m.address, "mailbox", name, "uidValidity", m.uidValidity)
                : details("account", m.address, "mailbox", name, "uidValidity", m.uidValidity, "journalName", wanted,
                        "note", "the journal's name is taken by another mailbox"));
        MailboxState created = account.isEmpty() || findings.check() ? null : repairs.recreateMailbox(account.get().id(), name, m.uidValidity, true);
        targets.put(m.index, new Target(m, created, true));
    }

    private void finishAccount(AccountState account, boolean recreated, long floor, List<JournalMailbox> mailboxes) {
        if (recreated && !findings.check() && mailboxes.stream().noneMatch(m -> !m.deleted() && MailboxName.INBOX.equals(m.name))) {
            repairs.createInbox(account.id());
        }
        long highest = mailboxes.stream().mapToLong(m -> m.uidValidity).max().orElse(0);
        if (highest <= floor) return;
        if (!recreated) {
            findings.repairable(FindingKind.UIDVALIDITY_FLOOR_RAISED, details("account", account.address(), "from", floor, "to", highest));
        }
        if (!findings.check()) repairs.raiseLastUidValidity(account.id(), highest);
    }

    /** The account's INBOX (by name in the database) is a journal mailbox the journal deleted: the account was deleted. */
    private boolean inboxDeleted(AccountState account, List<MailboxState> db, List<JournalMailbox> mailboxes) {
        MailboxState inbox = db.stream().filter(d -> MailboxName.INBOX.equals(d.name())).findFirst().orElse(null);
        if (inbox == null) return false;
        JournalMailbox m = mailboxes.stream().filter(j -> j.uidValidity == inbox.uidValidity()).findFirst().orElse(null);
        if (m == null || !m.deleted()) return false;
        Optional<Instant> lastSaved = catalog.lastSaved(account.id(), inbox.mailboxId());
        return lastSaved.isEmpty() || !lastSaved.get().isAfter(m.deletedAt);
    }

    private void deletionIgnored(JournalMailbox m, String name) {
        findings.info(FindingKind.MAILBOX_DELETION_IGNORED, details("account", m.address, "mailbox", name, "uidValidity", m.uidValidity,
                "note", "the mailbox was used after the journal recorded its deletion; that deletion did not commit"));
    }

    /**
     * Renames and deletions of mailboxes whose creation the journal no longer holds (pruned after a
     * backup) belong to the database mailbox with that id, when it still has the name the event
     * names (a database of the same lineage as the journal).
     */
    private void attributeThroughDatabase(String address, List<MailboxState> db, List<JournalRecord> events, List<JournalMailbox> into) {
        for (JournalRecord e : events) {
            long id = e instanceof JournalRecord.MailboxRenamed n ? n.mailboxId() : ((JournalRecord.MailboxDeleted) e).mailboxId();
            String named = e instanceof JournalRecord.MailboxRenamed n ? n.oldName() : ((JournalRecord.MailboxDeleted) e).name();
            MailboxState d = db.stream().filter(x -> x.mailboxId() == id).findFirst().orElse(null);
            if (d == null) continue;
            JournalMailbox m = journal.find(address, d.uidValidity());
            if (m == null) {
                m = journal.adopt(address, d.uidValidity(), id, d.name());
                into.add(m);
            }
            if (!named.equals(m.name)) continue;
            JournalIndex.apply(m, e);
        }
    }
}
