package org.mailstore.imapd;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import org.mailstore.imapd.command.ImapCommand;
import org.mailstore.net.EchoText;
import org.mailstore.store.Account;
import org.mailstore.store.MailboxInfo;
import org.mailstore.store.Quota;
import org.mailstore.store.StoreException;

/**
 * GETQUOTA, GETQUOTAROOT and SETQUOTA (RFC 9208) over the store's one quota per account.
 *
 * <p>Every mailbox of an account has the one quota root {@code ""}, which exists while the account has a limit: a
 * QUOTA response must name at least one resource (§5.1), and an unlimited resource is not reported. Administrators
 * (ImapSettings#quotaAdmins) may also name another account's root by its address, which is how they manage other
 * people's quotas; for everyone else such a root does not exist, so its name reveals nothing.
 *
 * <p>STORAGE is in units of 1024 octets (§5.1): usage is rounded up, so a client never sees room that is not there,
 * and a limit set in bytes by {@code mailstore account quota} is rounded down for the same reason.
 */
final class QuotaCommands {
    /** This server's name for each account's one quota root (RFC 9208 §3.2 leaves names to the server). */
    static final String ROOT = "";
    static final String STORAGE = "STORAGE";
    static final String MESSAGE = "MESSAGE";
    static final long STORAGE_UNIT = 1024;

    private QuotaCommands() {}

    static String getQuota(ImapSession s, ImapCommand.GetQuota c) throws IOException {
        Optional<Account> account = accountOf(s, c.root());
        if (account.isEmpty()) return ImapErrors.noSuchQuotaRoot(c.root());
        Quota q = s.store.accounts().quota(account.get());
        if (!limited(q)) return ImapErrors.noSuchQuotaRoot(c.root());
        writeQuota(s, c.root(), q);
        return "OK GETQUOTA completed.";
    }

    static String getQuotaRoot(ImapSession s, ImapCommand.GetQuotaRoot c) throws IOException {
        MailboxInfo box = s.store.mailboxes().find(s.account, s.storeName(c.mailbox()))
                .orElseThrow(() -> new StoreException(StoreException.Reason.NO_SUCH_MAILBOX,
                        "Mailbox doesn't exist: " + EchoText.of(c.mailbox(), ImapErrors.MAX_ECHOED_CHARS)));
        Quota q = s.store.accounts().quota(s.account);
        s.out.atom("* QUOTAROOT ").string(s.wireName(box.name()));
        if (limited(q)) s.out.sp().string(ROOT);
        s.out.crlf();
        if (limited(q)) writeQuota(s, ROOT, q);
        return "OK GETQUOTAROOT completed.";
    }

    /** RFC 9208 §4.1.3: the named resources get the given limits, the others none; then the new QUOTA. */
    static String setQuota(ImapSession s, ImapCommand.SetQuota c) throws IOException {
        if (!s.settings.quotaAdmin(s.account.address())) return ImapErrors.QUOTA_NOT_ALLOWED;
        Optional<Account> account = accountOf(s, c.root());
        if (account.isEmpty()) return ImapErrors.noSuchQuotaRoot(c.root());
        for (String resource : c.limits().keySet()) {
            if (!resource.equals(STORAGE) && !resource.equals(MESSAGE)) return ImapErrors.unsupportedQuotaResource(resource);
        }
        Map<String, Long> limits = c.limits();
        Long storage = limits.containsKey(STORAGE) ? limits.get(STORAGE) * STORAGE_UNIT : null;
        s.store.accounts().setQuota(account.get(), storage, limits.get(MESSAGE));
        Quota q = s.store.accounts().quota(account.get());
        if (limited(q)) writeQuota(s, c.root(), q);
        return "OK SETQUOTA completed.";
    }

    /** The account whose root this is for the logged-in user, if any. */
    private static Optional<Account> accountOf(ImapSession s, String root) {
        if (root.equals(ROOT)) return Optional.of(s.account);
        if (!s.settings.quotaAdmin(s.account.address())) return Optional.empty();
        try {
            return s.store.accounts().find(root);
        } catch (StoreException e) {
            if (e.reason() == StoreException.Reason.INVALID_NAME) return Optional.empty(); // not an address at all
            throw e;
        }
    }

    private static boolean limited(Quota q) {
        return q.storageLimit() != null || q.messageLimit() != null;
    }

    /** {@code * QUOTA root (resource usage limit ...)} with the limited resources only. */
    private static void writeQuota(ImapSession s, String root, Quota q) throws IOException {
        s.out.atom("* QUOTA ").string(root).atom(" (");
        if (q.storageLimit() != null) {
            s.out.atom(STORAGE).sp().number(ceilDiv(q.storageUsed())).sp().number(q.storageLimit() / STORAGE_UNIT);
            if (q.messageLimit() != null) s.out.sp();
        }
        if (q.messageLimit() != null) s.out.atom(MESSAGE).sp().number(q.messagesUsed()).sp().number(q.messageLimit());
        s.out.atom(")").crlf();
    }

    private static long ceilDiv(long bytes) {
        return Math.ceilDiv(Math.max(bytes, 0), STORAGE_UNIT);
    }
}
