package org.mailstore.store.journal;

import java.io.IOException;

/** Bytes that are not a valid header or record; the reader logs it and stops reading that segment. */
final class CorruptJournalException extends IOException {
    CorruptJournalException(String reason) {
        super(reason);
    }
}
