package org.mailstore.imapd;

import java.io.IOException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.mailstore.imapd.command.ImapCommand;
import org.mailstore.store.Flags;
import org.mailstore.store.MessageView;
import org.mailstore.store.Messages;

/**
 * STORE and UID STORE (RFC 9051 §6.4.6): one store call for the whole set. Without .SILENT every message of the
 * set gets a FETCH with its flags, those that changed from the store's answer and the rest read back.
 */
final class StoreCommand {
    private StoreCommand() {}

    static String store(ImapSession s, ImapCommand.Store c) throws IOException, BadCommandException {
        SelectedMailbox box = s.selected;
        if (box.readOnly) return "NO [READ-ONLY] The mailbox is open read-only.";
        long[] uids = box.resolve(c.messages(), c.uid());
        Flags flags = Flags.of(c.flags());
        String done = "OK " + (c.uid() ? "UID STORE" : "STORE") + " completed.";
        if (uids.length == 0) return done;
        List<MessageView> changed = s.store.messages().storeFlags(s.account, box.id, FetchCommand.boxed(uids), mode(c.mode()), flags);
        ownChange(box, changed);
        if (c.silent()) return done;
        Set<Long> reported = new HashSet<>();
        for (MessageView v : changed) {
            write(s, box, v, c.uid());
            reported.add(v.uid());
        }
        long[] rest = Arrays.stream(uids).filter(u -> !reported.contains(u)).toArray();
        if (rest.length > 0) {
            s.store.messages().fetch(s.account, box.id, rest, Messages.Detail.NONE, row -> {
                try {
                    write(s, box, row.view(), c.uid());
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        }
        return done;
    }

    /**
     * After a write by this session: when its MODSEQ directly follows what the session knew, nothing else happened
     * in between, so the change notification it causes need not be read back (and the client sees no echo).
     */
    static void ownChange(SelectedMailbox box, List<MessageView> changed) {
        if (changed.isEmpty()) return;
        long modseq = changed.getFirst().modseq();
        if (modseq == box.knownModseq() + 1) box.knownModseq(modseq);
    }

    private static void write(ImapSession s, SelectedMailbox box, MessageView v, boolean uid) throws IOException {
        int seq = box.uids.seq(v.uid());
        if (seq == 0) return;
        Responses.flags(s, box, v, s.out.atom("* ").number(seq).atom(" FETCH (FLAGS "));
        if (uid) s.out.atom(" UID ").number(v.uid());
        s.out.atom(")").crlf();
    }

    private static Messages.FlagMode mode(ImapCommand.StoreMode m) {
        return switch (m) {
            case REPLACE -> Messages.FlagMode.REPLACE;
            case ADD -> Messages.FlagMode.ADD;
            case REMOVE -> Messages.FlagMode.REMOVE;
        };
    }
}
