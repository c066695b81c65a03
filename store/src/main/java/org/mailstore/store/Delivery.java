package org.mailstore.store;

import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jooq.impl.DSL;
import org.mailstore.blobstore.StoredBlob;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivery of one message to many recipients, the path behind LMTP and {@code mailstore deliver}.
 * The bytes are stored once whatever the number of recipients (one blob for 500 of them), and all
 * recipients are written in one transaction with one journal fsync.
 *
 * <p>Bare LF line ends become CRLF on the way in (see {@link CanonicalLineEndings}).
 *
 * <p>Mailbox choice follows Dovecot's LDA: the named mailbox when it exists, else INBOX. An address
 * {@code user+detail@domain} that is not itself an account delivers to {@code user@domain}, into
 * mailbox {@code detail} when that exists.
 */
public final class Delivery {
    private static final Logger log = LoggerFactory.getLogger(Delivery.class);
    public static final char DETAIL_SEPARATOR = '+';

    private final Transactions tx;
    private final Accounts accounts;
    private final MessageAppender appender;

    Delivery(Transactions tx, Accounts accounts, MessageAppender appender) {
        this.tx = tx;
        this.accounts = accounts;
        this.appender = appender;
    }

    /** One outcome per recipient, in order. Throws only for failures that hit every recipient alike. */
    public List<DeliveryOutcome> deliver(InputStream message, List<Recipient> recipients, Instant internalDate) {
        long start = System.nanoTime();
        List<DeliveryOutcome> outcomes = new ArrayList<>(recipients.size());
        List<MessageAppender.Target> targets = new ArrayList<>();
        List<Integer> targetIndex = new ArrayList<>();
        for (Recipient r : recipients) {
            try {
                targets.add(new MessageAppender.Target(resolve(r), Flags.NONE, internalDate));
                targetIndex.add(outcomes.size());
                outcomes.add(null);
            } catch (StoreException e) {
                outcomes.add(DeliveryOutcome.failed(r, e));
            }
        }
        if (targets.isEmpty()) {
            StoreMetrics.delivery(outcomes, start);
            return outcomes;
        }
        StoredBlob blob = appender.store(new CanonicalLineEndings(message));
        List<MessageAppender.Outcome> appended = appender.append(blob, targets);
        for (int i = 0; i < appended.size(); i++) {
            int slot = targetIndex.get(i);
            Recipient r = recipients.get(slot);
            MessageAppender.Outcome o = appended.get(i);
            outcomes.set(slot, o.failure() != null ? DeliveryOutcome.failed(r, o.failure())
                    : new DeliveryOutcome(r, o.result().mailbox(), o.result().uidValidity(), o.result().uid(), o.result().blobHash(), null));
        }
        log.info("delivered blob {} ({} bytes): {} of {} recipients", blob.id().hex(), blob.size(),
                outcomes.stream().filter(DeliveryOutcome::delivered).count(), recipients.size());
        StoreMetrics.delivery(outcomes, start);
        return outcomes;
    }

    /**
     * The RCPT-time check (LMTP answers each RCPT at once): the recipient resolves to an enabled
     * account with room for {@code sizeHint} more bytes (0 when the client declared no SIZE) and
     * one more message. Throws the reason otherwise. Quota is checked again, atomically, at delivery.
     */
    public void check(Recipient r, long sizeHint) {
        MailboxRef box = resolve(r);
        Quota q = accounts.quota(new Account(box.accountId(), box.address(), false, null));
        if (q.storageLimit() != null && sizeHint > q.storageLimit()) {
            throw new StoreException(StoreException.Reason.MESSAGE_TOO_LARGE_FOR_QUOTA,
                    box.address() + ": " + sizeHint + " bytes exceed the whole quota of " + q.storageLimit() + " bytes");
        }
        boolean storageFull = q.storageLimit() != null && q.storageUsed() + Math.max(sizeHint, 1) > q.storageLimit();
        boolean countFull = q.messageLimit() != null && q.messagesUsed() + 1 > q.messageLimit();
        if (storageFull || countFull) throw new StoreException(StoreException.Reason.OVER_QUOTA, box.address() + " is over quota");
    }

    /** The detail as the sender wrote it: mailbox names keep their case although addresses do not. */
    private static String detail(String address) {
        String raw = address.strip();
        int at = raw.lastIndexOf('@');
        return raw.substring(raw.indexOf(DETAIL_SEPARATOR) + 1, at);
    }

    /** The account and mailbox a recipient's mail goes to; NO_SUCH_ACCOUNT or ACCOUNT_DISABLED otherwise. */
    MailboxRef resolve(Recipient r) {
        String address = AccountAddress.normalize(r.address());
        String mailbox = r.mailbox();
        Account account = accounts.find(address).orElse(null);
        if (account == null) {
            int plus = address.indexOf(DETAIL_SEPARATOR);
            int at = address.lastIndexOf('@');
            if (plus > 0 && plus < at) {
                account = accounts.find(address.substring(0, plus) + address.substring(at)).orElse(null);
                if (account != null && mailbox == null) mailbox = detail(r.address());
            }
        }
        if (account == null) throw new StoreException(StoreException.Reason.NO_SUCH_ACCOUNT, "no such account: " + address);
        if (account.disabled()) throw new StoreException(StoreException.Reason.ACCOUNT_DISABLED, "account disabled: " + address);
        Account owner = account;
        String wanted = mailbox;
        return tx.run(c -> {
            if (wanted != null) {
                try {
                    return Mailboxes.ref(DSL.using(c), owner, MailboxName.normalize(wanted));
                } catch (StoreException e) {
                    log.debug("mailbox '{}' of {} unusable ({}); delivering to INBOX", wanted, owner.address(), e.getMessage());
                }
            }
            return Mailboxes.ref(DSL.using(c), owner, MailboxName.INBOX);
        });
    }
}
