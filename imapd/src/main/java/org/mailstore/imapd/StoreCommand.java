package org.mailstore.imapd;

import java.io.IOException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.mailstore.imapd.command.ImapCommand;
import org.mailstore.store.ConditionalStore;
import org.mailstore.store.Flags;
import org.mailstore.store.MessageView;
import org.mailstore.store.Messages;

/**
 * STORE and UID STORE (RFC 9051 §6.4.6): one store call for the whole set. Without .SILENT every message of the
 * set gets a FETCH with its flags, those that changed from the store's answer and the rest read back.
 *
 * <p>CONDSTORE (RFC 7162 §3.1.3): UNCHANGEDSINCE makes the store skip messages changed after the limit, named in
 * {@code [MODIFIED set]}; once CONDSTORE is on, each FETCH carries MODSEQ, and even .SILENT reports the new MODSEQ
 * of each changed message (without its flags).
 */
final class StoreCommand {
    private StoreCommand() {}

    static String store(ImapSession s, ImapCommand.Store c) throws IOException, BadCommandException {
        SelectedMailbox box = s.selected;
        if (c.unchangedSince().isPresent()) s.enableCondstore();
        if (box.readOnly) return "NO [READ-ONLY] The mailbox is open read-only.";
        long[] uids = box.resolve(c.messages(), c.uid());
        Flags flags = Flags.of(c.flags());
        String done = "OK " + (c.uid() ? "UID STORE" : "STORE") + " completed.";
        if (uids.length == 0) return done;
        List<MessageView> changed;
        long[] modified = new long[0];
        if (c.unchangedSince().isPresent()) {
            ConditionalStore r = s.store.messages().storeFlags(s.account, box.id, FetchCommand.boxed(uids), mode(c.mode()), flags,
                    c.unchangedSince().getAsLong());
            changed = r.changed();
            modified = r.modified();
        } else {
            changed = s.store.messages().storeFlags(s.account, box.id, FetchCommand.boxed(uids), mode(c.mode()), flags);
        }
        ownChange(box, changed);
        if (modified.length > 0) {
            long[] named = c.uid() ? modified : Arrays.stream(modified).map(box.uids::seq).filter(n -> n > 0).toArray();
            done = "OK [MODIFIED " + Responses.set(named) + "] Conditional " + (c.uid() ? "UID STORE" : "STORE") + " failed.";
        }
        if (c.silent()) {
            if (s.condstore) for (MessageView v : changed) write(s, box, v, c.uid(), false);
            return done;
        }
        Set<Long> reported = new HashSet<>();
        for (MessageView v : changed) {
            write(s, box, v, c.uid(), true);
            reported.add(v.uid());
        }
        for (long u : modified) reported.add(u);
        long[] rest = Arrays.stream(uids).filter(u -> !reported.contains(u)).toArray();
        if (rest.length > 0) {
            s.store.messages().fetch(s.account, box.id, rest, Messages.Detail.NONE, row -> {
                try {
                    write(s, box, row.view(), c.uid(), true);
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

    private static void write(ImapSession s, SelectedMailbox box, MessageView v, boolean uid, boolean withFlags) throws IOException {
        int seq = box.uids.seq(v.uid());
        if (seq == 0) return;
        if (withFlags) Responses.announceKeywords(s, box, v);
        s.out.atom("* ").number(seq).atom(" FETCH (");
        if (withFlags) Responses.flags(s, box, v, s.out.atom("FLAGS "));
        boolean withUid = uid || s.qresync;
        if (withUid) s.out.atom(withFlags ? " UID " : "UID ").number(v.uid());
        if (s.condstore) s.out.atom(withFlags || withUid ? " MODSEQ (" : "MODSEQ (").number(v.modseq()).atom(")");
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
