package org.mailstore.lmtpd;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import org.mailstore.store.Account;
import org.mailstore.store.MessageView;
import org.mailstore.store.StoreFixture;

/** Reading back what the server stored. */
final class Stored {
    private Stored() {}

    /** A stored message's bytes, as ISO-8859-1 text so every byte survives. */
    static String content(StoreFixture f, String blobHash) throws IOException {
        try (InputStream in = Channels.newInputStream(f.store.messages().open(blobHash))) {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    static java.util.List<MessageView> inbox(StoreFixture f, String address) {
        Account a = f.store.accounts().get(address);
        return f.store.messages().list(a, f.mailbox(a, "INBOX").id());
    }
}
