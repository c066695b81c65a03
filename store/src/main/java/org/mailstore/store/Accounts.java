package org.mailstore.store;

import static org.mailstore.schema.jooq.Tables.ACCOUNTS;
import static org.mailstore.schema.jooq.Tables.MAILBOXES;
import static org.mailstore.schema.jooq.Tables.QUOTAS;
import static org.mailstore.schema.jooq.Tables.SUBSCRIPTIONS;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.mailstore.schema.jooq.tables.records.AccountsRecord;
import org.mailstore.schema.jooq.tables.records.MailboxesRecord;
import org.mailstore.store.journal.Journal;
import org.mailstore.store.journal.JournalRecord;

/**
 * Accounts: creation with their default mailboxes, passwords, lookup and deletion. A password is kept twice: as an
 * Argon2id hash, which PLAIN and LOGIN check, and as SCRAM-SHA-256 credentials ({@link ScramCredentials}), which
 * SCRAM needs because it never sees the password. Accounts whose password was set before schema version 4 have
 * no SCRAM credentials until their next password change.
 */
public final class Accounts {
    private final Transactions tx;
    private final Journal journal;
    private final PasswordHasher hasher = new PasswordHasher();
    private volatile VerifiedLogins verifiedLogins = new VerifiedLogins(VerifiedLogins.Settings.OFF);
    private final SecureRandom random = new SecureRandom();
    /** Keys the decoy salts, so an unknown address gets the same salt on every try (until restart), like a real one. */
    private final byte[] decoySaltKey = new byte[ScramCredentials.KEY_BYTES];

    Accounts(Transactions tx, Journal journal) {
        this.tx = tx;
        this.journal = journal;
        random.nextBytes(decoySaltKey);
    }

    /** Creates the account with an unlimited quota, INBOX and the special-use mailboxes, all subscribed. */
    public Account create(String address, char[] password) {
        String a = AccountAddress.normalize(address);
        String hash = hasher.hash(password);
        ScramCredentials scram = newScramCredentials(password);
        return tx.run(c -> {
            DSLContext t = DSL.using(c);
            AccountsRecord r = t.insertInto(ACCOUNTS, ACCOUNTS.ADDRESS, ACCOUNTS.PASSWORD_HASH, ACCOUNTS.SCRAM_SALT,
                            ACCOUNTS.SCRAM_ITERATIONS, ACCOUNTS.SCRAM_STORED_KEY, ACCOUNTS.SCRAM_SERVER_KEY)
                    .values(a, hash, scram.salt(), scram.iterations(), scram.storedKey(), scram.serverKey())
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
        return tx.singleStatement(c -> DSL.using(c).selectFrom(ACCOUNTS).orderBy(ACCOUNTS.ADDRESS).fetch(Accounts::toAccount));
    }

    /**
     * The form the store keeps an address in (trimmed, lower-cased), for settings that name accounts, such as the IMAP
     * quota administrators; INVALID_NAME when it is no address.
     */
    public static String canonicalAddress(String address) {
        return AccountAddress.normalize(address);
    }

    public Optional<Account> find(String address) {
        String a = AccountAddress.normalize(address);
        return tx.singleStatement(c -> DSL.using(c).selectFrom(ACCOUNTS).where(ACCOUNTS.ADDRESS.eq(a)).fetchOptional(Accounts::toAccount));
    }

    /** The account, or NO_SUCH_ACCOUNT. */
    public Account get(String address) {
        return find(address).orElseThrow(() -> new StoreException(StoreException.Reason.NO_SUCH_ACCOUNT, "no such account: " + address));
    }

    public void setPassword(String address, char[] password) {
        String a = AccountAddress.normalize(address);
        String hash = hasher.hash(password);
        ScramCredentials scram = newScramCredentials(password);
        int n = tx.run(c -> DSL.using(c).update(ACCOUNTS).set(ACCOUNTS.PASSWORD_HASH, hash)
                .set(ACCOUNTS.SCRAM_SALT, scram.salt()).set(ACCOUNTS.SCRAM_ITERATIONS, scram.iterations())
                .set(ACCOUNTS.SCRAM_STORED_KEY, scram.storedKey()).set(ACCOUNTS.SCRAM_SERVER_KEY, scram.serverKey())
                .where(ACCOUNTS.ADDRESS.eq(a)).execute());
        if (n == 0) throw new StoreException(StoreException.Reason.NO_SUCH_ACCOUNT, "no such account: " + a);
    }

    public void setDisabled(String address, boolean disabled) {
        String a = AccountAddress.normalize(address);
        int n = tx.run(c -> DSL.using(c).update(ACCOUNTS).set(ACCOUNTS.DISABLED, disabled).where(ACCOUNTS.ADDRESS.eq(a)).execute());
        if (n == 0) throw new StoreException(StoreException.Reason.NO_SUCH_ACCOUNT, "no such account: " + a);
    }

    /**
     * From now on, trusts a password that passed its Argon2id check for {@code settings.ttl()} ({@link VerifiedLogins});
     * until called, and with {@link VerifiedLogins.Settings#OFF}, every login is checked in full.
     */
    public void cacheVerifiedLogins(VerifiedLogins.Settings settings) {
        verifiedLogins = new VerifiedLogins(settings);
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
        Optional<AccountsRecord> r = tx.singleStatement(c -> DSL.using(c).selectFrom(ACCOUNTS).where(ACCOUNTS.ADDRESS.eq(a)).fetchOptional());
        if (r.isEmpty()) {
            hasher.verifyDecoy(password);
            return Optional.empty();
        }
        AccountsRecord account = r.get();
        // Only a login that will succeed may skip the hash: every failure, a disabled account's included, takes as
        // long as it did before, so the cache's speed tells a client nothing but that it got in.
        boolean enabled = !account.getDisabled();
        if (enabled && verifiedLogins.matches(account.getAccountId(), account.getPasswordHash(), password)) {
            return Optional.of(toAccount(account));
        }
        if (!hasher.verify(password, account.getPasswordHash()) || !enabled) return Optional.empty();
        verifiedLogins.remember(account.getAccountId(), account.getPasswordHash(), password);
        return Optional.of(toAccount(account));
    }

    /**
     * What a SCRAM-SHA-256 exchange for {@code address} runs with. An unknown address, a disabled account and an
     * account without SCRAM credentials all get decoy credentials (a salt that is stable per address, the default
     * iteration count, keys no proof matches) and no account, so the exchange looks and fails the same for each.
     */
    public ScramLookup scramLookup(String address) {
        Optional<AccountsRecord> r;
        try {
            String a = AccountAddress.normalize(address);
            r = tx.singleStatement(c -> DSL.using(c).selectFrom(ACCOUNTS).where(ACCOUNTS.ADDRESS.eq(a)).fetchOptional());
        } catch (StoreException e) {
            if (e.reason().temporary()) throw e;
            r = Optional.empty();
        }
        if (r.isPresent() && !r.get().getDisabled() && r.get().getScramStoredKey() != null) {
            AccountsRecord x = r.get();
            return new ScramLookup(Optional.of(toAccount(x)),
                    new ScramCredentials(x.getScramSalt(), x.getScramIterations(), x.getScramStoredKey(), x.getScramServerKey()));
        }
        return new ScramLookup(Optional.empty(), decoyScramCredentials(address));
    }

    private ScramCredentials newScramCredentials(char[] password) {
        PasswordHasher.checkLength(password);
        byte[] salt = new byte[ScramCredentials.SALT_BYTES];
        random.nextBytes(salt);
        return ScramCredentials.derive(password, salt, ScramCredentials.DEFAULT_ITERATIONS);
    }

    private ScramCredentials decoyScramCredentials(String address) {
        byte[] keyed = ScramCredentials.hmac(decoySaltKey, address.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
        byte[] storedKey = new byte[ScramCredentials.KEY_BYTES];
        byte[] serverKey = new byte[ScramCredentials.KEY_BYTES];
        random.nextBytes(storedKey);
        random.nextBytes(serverKey);
        return new ScramCredentials(Arrays.copyOf(keyed, ScramCredentials.SALT_BYTES), ScramCredentials.DEFAULT_ITERATIONS, storedKey, serverKey);
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
        return tx.singleStatement(c -> DSL.using(c).selectFrom(QUOTAS).where(QUOTAS.ACCOUNT_ID.eq(account.id())).fetchOptional()
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
