package org.mailstore.store;

import static org.mailstore.schema.jooq.Tables.ACCOUNTS;
import static org.mailstore.schema.jooq.Tables.MAILBOXES;
import static org.mailstore.schema.jooq.Tables.QUOTAS;
import static org.mailstore.schema.jooq.Tables.SUBSCRIPTIONS;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.mailstore.schema.jooq.tables.records.AccountsRecord;
import org.mailstore.schema.jooq.tables.records.MailboxesRecord;
import org.mailstore.store.journal.Journal;
import org.mailstore.store.journal.JournalRecord;

/** Accounts: creation with their default mailboxes, passwords (Argon2id only), lookup and deletion. */
public final class Accounts {
    private final Transactions tx;
    private final Journal journal;
    private final PasswordHasher hasher = new PasswordHasher();

    Accounts(Transactions tx, Journal journal) {
        this.tx = tx;
        this.journal = journal;
    }

    /** Creates the account with an unlimited quota, INBOX and the special-use mailboxes, all subscribed. */
    public Account create(String address, char[] password) {
        String a = AccountAddress.normalize(address);
        String hash = hasher.hash(password);
        return tx.run(c -> {
            DSLContext t = DSL.using(c);
            AccountsRecord r = t.insertInto(ACCOUNTS, ACCOUNTS.ADDRESS, ACCOUNTS.PASSWORD_HASH).values(a, hash)
                    .onConflictDoNothing().returning().fetchOne();
            if (r == null) throw new StoreException(StoreException.Reason.ALREADY_EXISTS, "account already exists: " + a);
            t.insertInto(QUOTAS, QUOTAS.ACCOUNT_ID).values(r.getAccountId()).execute();
            TxLog log = new TxLog();
            for (String[] d : Mailboxes.DEFAULTS) {
                Mailboxes.createInTx(t, log, r.getAccountId(), a, d[0], d[1]);
                t.insertInto(SUBSCRIPTIONS, SUBSCRIPTIONS.ACCOUNT_ID, SUBSCRIPTIONS.NAME).values(r.getAccountId(), d[0]).execute();
            }
            log.flush(t, journal);
            return toAccount(r);
        });
    }

    public List<Account> list() {
        return tx.run(c -> DSL.using(c).selectFrom(ACCOUNTS).orderBy(ACCOUNTS.ADDRESS).fetch(Accounts::toAccount));
    }

    public Optional<Account> find(String address) {
        String a = AccountAddress.normalize(address);
        return tx.run(c -> DSL.using(c).selectFrom(ACCOUNTS).where(ACCOUNTS.ADDRESS.eq(a)).fetchOptional(Accounts::toAccount));
    }

    /** The account, or NO_SUCH_ACCOUNT. */
    public Account get(String address) {
        return find(address).orElseThrow(() -> new StoreException(StoreException.Reason.NO_SUCH_ACCOUNT, "no such account: " + address));
    }

    public void setPassword(String address, char[] password) {
        String a = AccountAddress.normalize(address);
        String hash = hasher.hash(password);
        int n = tx.run(c -> DSL.using(c).update(ACCOUNTS).set(ACCOUNTS.PASSWORD_HASH, hash).where(ACCOUNTS.ADDRESS.eq(a)).execute());
        if (n == 0) throw new StoreException(StoreException.Reason.NO_SUCH_ACCOUNT, "no such account: " + a);
    }

    public void setDisabled(String address, boolean disabled) {
        String a = AccountAddress.normalize(address);
        int n = tx.run(c -> DSL.using(c).update(ACCOUNTS).set(ACCOUNTS.DISABLED, disabled).where(ACCOUNTS.ADDRESS.eq(a)).execute());
        if (n == 0) throw new StoreException(StoreException.Reason.NO_SUCH_ACCOUNT, "no such account: " + a);
    }

    /**
     * The account when the password matches and the account is enabled. An unknown address costs
     * the same hashing time as a wrong password, so timing does not reveal which addresses exist.
     */
    public Optional<Account> authenticate(String address, char[] password) {
        String a;
        try {
            a = AccountAddress.normalize(address);
        } catch (StoreException e) {
            hasher.verifyDecoy(password);
            return Optional.empty();
        }
        Optional<AccountsRecord> r = tx.run(c -> DSL.using(c).selectFrom(ACCOUNTS).where(ACCOUNTS.ADDRESS.eq(a)).fetchOptional());
        if (r.isEmpty()) {
            hasher.verifyDecoy(password);
            return Optional.empty();
        }
        boolean ok = hasher.verify(password, r.get().getPasswordHash());
        return ok && !r.get().getDisabled() ? Optional.of(toAccount(r.get())) : Optional.empty();
    }

    /** Deletes the account and all its mailboxes and messages; blobs stay until garbage collection. */
    public void delete(String address) {
        String a = AccountAddress.normalize(address);
        tx.run(c -> {
            DSLContext t = DSL.using(c);
            AccountsRecord r = t.selectFrom(ACCOUNTS).where(ACCOUNTS.ADDRESS.eq(a)).forUpdate().fetchOne();
            if (r == null) throw new StoreException(StoreException.Reason.NO_SUCH_ACCOUNT, "no such account: " + a);
            TxLog log = new TxLog();
            for (MailboxesRecord m : t.selectFrom(MAILBOXES).where(MAILBOXES.ACCOUNT_ID.eq(r.getAccountId())).fetch()) {
                log.record(new JournalRecord.MailboxDeleted(Instant.now(), r.getAccountId(), a, m.getMailboxId(), m.getName()));
            }
            t.deleteFrom(ACCOUNTS).where(ACCOUNTS.ACCOUNT_ID.eq(r.getAccountId())).execute();
            log.flush(t, journal);
            return null;
        });
    }

    public Quota quota(Account account) {
        return tx.run(c -> DSL.using(c).selectFrom(QUOTAS).where(QUOTAS.ACCOUNT_ID.eq(account.id())).fetchOptional()
                .map(q -> new Quota(q.getStorageLimit(), q.getMessageLimit(), q.getStorageUsed(), q.getMessagesUsed()))
                .orElseThrow(() -> new StoreException(StoreException.Reason.NO_SUCH_ACCOUNT, "no such account: " + account.address())));
    }

    /** Sets limits; null means unlimited. Usage above a new limit is allowed to stand; only new mail is refused. */
    public void setQuota(Account account, Long storageLimit, Long messageLimit) {
        if ((storageLimit != null && storageLimit < 0) || (messageLimit != null && messageLimit < 0)) {
            throw new IllegalArgumentException("quota limits must be >= 0");
        }
        tx.run(c -> DSL.using(c).update(QUOTAS).set(QUOTAS.STORAGE_LIMIT, storageLimit).set(QUOTAS.MESSAGE_LIMIT, messageLimit)
                .where(QUOTAS.ACCOUNT_ID.eq(account.id())).execute());
    }

    private static Account toAccount(AccountsRecord r) {
        return new Account(r.getAccountId(), r.getAddress(), r.getDisabled(), r.getCreatedAt().toInstant());
    }
}
