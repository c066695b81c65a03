package org.mailstore.store.maintenance;

import static org.mailstore.schema.jooq.Tables.ACCOUNTS;
import static org.mailstore.schema.jooq.Tables.MAILBOXES;
import static org.mailstore.schema.jooq.Tables.MESSAGES;

import java.util.Collection;
import java.util.List;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.mailstore.blobstore.BlobId;

/** The messages that reference given blobs: what a missing or corrupt blob takes with it. */
public final class BlobReferences {
    private final DSLContext dsl;

    public BlobReferences(DataSource ds) {
        this.dsl = DSL.using(ds, SQLDialect.POSTGRES);
    }

    /** Every message referencing one of {@code blobs}, ordered by blob, address, mailbox name and UID. */
    public List<MessageRef> referencing(Collection<BlobId> blobs) {
        if (blobs.isEmpty()) return List.of();
        byte[][] hashes = blobs.stream().map(BlobId::bytes).toArray(byte[][]::new);
        return dsl.select(ACCOUNTS.ACCOUNT_ID, ACCOUNTS.ADDRESS, MAILBOXES.MAILBOX_ID, MAILBOXES.NAME, MAILBOXES.UIDVALIDITY,
                        MESSAGES.UID, MESSAGES.BLOB_HASH)
                .from(MESSAGES)
                .join(MAILBOXES).on(MAILBOXES.ACCOUNT_ID.eq(MESSAGES.ACCOUNT_ID).and(MAILBOXES.MAILBOX_ID.eq(MESSAGES.MAILBOX_ID)))
                .join(ACCOUNTS).on(ACCOUNTS.ACCOUNT_ID.eq(MESSAGES.ACCOUNT_ID))
                .where(MESSAGES.BLOB_HASH.eq(DSL.any(hashes)))
                .orderBy(MESSAGES.BLOB_HASH, ACCOUNTS.ADDRESS, MAILBOXES.NAME, MESSAGES.UID)
                .fetch(r -> new MessageRef(r.value1(), r.value2(), r.value3(), r.value4(), r.value5(), r.value6(), BlobId.of(r.value7())));
    }
}
