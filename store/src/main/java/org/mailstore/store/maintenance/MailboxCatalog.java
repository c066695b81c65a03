package org.mailstore.store.maintenance;

import static org.mailstore.schema.jooq.Tables.ACCOUNTS;
import static org.mailstore.schema.jooq.Tables.MAILBOXES;
import static org.mailstore.schema.jooq.Tables.MESSAGES;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.mailstore.schema.jooq.tables.records.MailboxesRecord;

/** Reads accounts and mailboxes by the keys the journal carries: address, mailbox id, UIDVALIDITY. */
public final class MailboxCatalog {
    private final DSLContext dsl;

    public MailboxCatalog(DataSource ds) {
        this.dsl = DSL.using(ds, SQLDialect.POSTGRES);
    }

    /** The account with this (already normalised) address. */
    public Optional<AccountState> account(String address) {
        return dsl.select(ACCOUNTS.ACCOUNT_ID, ACCOUNTS.ADDRESS, ACCOUNTS.LAST_UIDVALIDITY).from(ACCOUNTS)
                .where(ACCOUNTS.ADDRESS.eq(address))
                .fetchOptional(r -> new AccountState(r.value1(), r.value2(), r.value3()));
    }

    /** The accounts with these (already normalised) addresses, by address; absent ones are left out. */
    public Map<String, AccountState> accounts(Collection<String> addresses) {
        Map<String, AccountState> out = new HashMap<>();
        if (addresses.isEmpty()) return out;
        dsl.select(ACCOUNTS.ACCOUNT_ID, ACCOUNTS.ADDRESS, ACCOUNTS.LAST_UIDVALIDITY).from(ACCOUNTS)
                .where(ACCOUNTS.ADDRESS.eq(DSL.any(addresses.toArray(String[]::new))))
                .forEach(r -> out.put(r.value2(), new AccountState(r.value1(), r.value2(), r.value3())));
        return out;
    }

    /** The mailboxes of these accounts, by account id, each list by ascending mailbox id. */
    public Map<Long, List<MailboxState>> mailboxes(Collection<Long> accountIds) {
        Map<Long, List<MailboxState>> out = new HashMap<>();
        if (accountIds.isEmpty()) return out;
        dsl.selectFrom(MAILBOXES).where(MAILBOXES.ACCOUNT_ID.eq(DSL.any(accountIds.toArray(Long[]::new))))
                .orderBy(MAILBOXES.ACCOUNT_ID, MAILBOXES.MAILBOX_ID)
                .forEach(r -> out.computeIfAbsent(r.getAccountId(), a -> new ArrayList<>()).add(toState(r)));
        return out;
    }

    /** The account's mailboxes, by ascending id. */
    public List<MailboxState> mailboxes(long accountId) {
        return dsl.selectFrom(MAILBOXES).where(MAILBOXES.ACCOUNT_ID.eq(accountId)).orderBy(MAILBOXES.MAILBOX_ID)
                .fetch(MailboxCatalog::toState);
    }

    /** When the newest message of the mailbox was saved; empty for an empty mailbox. */
    public Optional<Instant> lastSaved(long accountId, long mailboxId) {
        OffsetDateTime t = dsl.select(DSL.max(MESSAGES.SAVED_AT)).from(MESSAGES)
                .where(MESSAGES.ACCOUNT_ID.eq(accountId).and(MESSAGES.MAILBOX_ID.eq(mailboxId))).fetchOne(0, OffsetDateTime.class);
        return Optional.ofNullable(t).map(OffsetDateTime::toInstant);
    }

    static MailboxState toState(MailboxesRecord r) {
        return new MailboxState(r.getAccountId(), r.getMailboxId(), r.getName(), r.getUidvalidity(), r.getUidnext(),
                r.getHighestmodseq(), r.getSpecialUse());
    }
}
