package org.mailstore.imapd;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.mailstore.imapd.command.FetchAttribute;
import org.mailstore.imapd.command.ImapCommand;
import org.mailstore.imapd.command.Section;
import org.mailstore.imapd.fetch.FetchDetail;
import org.mailstore.imapd.fetch.SaveDateLookup;
import org.mailstore.imapd.fetch.SectionData;
import org.mailstore.imapd.fetch.SectionLocator;
import org.mailstore.store.FetchRow;
import org.mailstore.store.Flags;
import org.mailstore.store.MessageView;
import org.mailstore.store.Messages;

/**
 * FETCH and UID FETCH (RFC 9051 §6.4.5). Rows are written as the store streams them, one message at a time; FLAGS,
 * UID, INTERNALDATE and RFC822.SIZE come from the message row, ENVELOPE, BODY, BODYSTRUCTURE and header sections
 * from the cached metadata, and only other body sections open the blob, as a ranged stream copied into a literal.
 * BINARY (RFC 3516) is {@link BinaryFetch}'s. SAVEDATE (RFC 8514) comes from one extra query for the whole set, made only when it is asked for.
 *
 * <p>CONDSTORE (RFC 7162 §3.1.4): MODSEQ is a column of the message row; CHANGEDSINCE narrows the set in
 * PostgreSQL to the messages changed after it before anything is read, and implies MODSEQ.
 *
 * <p>A non-peek body fetch in a read-write mailbox sets \Seen first, in one store call for the whole set, and the
 * row of every message that changed carries FLAGS even when the client did not ask for it (RFC 9051 §6.4.5).
 */
final class FetchCommand {
    /** A FETCH of at least this many messages writes through the writer's bulk buffer. */
    static final int BULK_MESSAGES = 100;

    private FetchCommand() {}

    static String fetch(ImapSession s, ImapCommand.Fetch c) throws IOException, BadCommandException {
        SelectedMailbox box = s.selected;
        long[] uids = box.resolve(c.messages(), c.uid());
        List<FetchAttribute> attributes = c.attributes();
        if (c.changedSince().isPresent() || attributes.contains(FetchAttribute.Simple.MODSEQ)) s.enableCondstore();
        if (c.vanished() && !s.qresync) return "BAD VANISHED without ENABLE QRESYNC.";
        if (c.vanished()) Resync.vanishedEarlier(s, box, c.changedSince().getAsLong(), c.messages());
        if (c.changedSince().isPresent()) {
            uids = s.store.messages().uidsChangedSince(s.account, box.id, uids, c.changedSince().getAsLong());
            if (!attributes.contains(FetchAttribute.Simple.MODSEQ)) {
                attributes = new java.util.ArrayList<>(attributes);
                attributes.add(FetchAttribute.Simple.MODSEQ);
            }
        }
        Messages.Detail detail = FetchDetail.of(attributes);
        Set<Long> newlySeen = new HashSet<>();
        if (!box.readOnly && uids.length > 0 && attributes.stream().anyMatch(FetchCommand::setsSeen)) {
            List<MessageView> changed = s.store.messages().storeFlags(s.account, box.id, boxed(uids), Messages.FlagMode.ADD,
                    Flags.of(List.of(Flags.SEEN)));
            StoreCommand.ownChange(box, changed);
            for (MessageView v : changed) newlySeen.add(v.uid());
        }
        Item[] items = items(attributes);
        SaveDateLookup saveDates = attributes.contains(FetchAttribute.Simple.SAVEDATE)
                ? new SaveDateLookup(uids, s.store.messages().savedAt(s.account, box.id, uids)) : null;
        s.out.bulk(uids.length >= BULK_MESSAGES);
        try {
            s.store.messages().fetch(s.account, box.id, uids, detail, row -> {
                try {
                    writeRow(s, box, c, items, row, !newlySeen.isEmpty() && newlySeen.contains(row.view().uid()), saveDates);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof BinaryFetch.UnknownEncoding u) return "NO [UNKNOWN-CTE] " + u.getMessage();
            throw e.getCause();
        } finally {
            s.out.bulk(false);
        }
        return "OK " + (c.uid() ? "UID FETCH" : "FETCH") + " completed.";
    }

    /**
     * One attribute of the command, with what can be worked out before the first message is written;
     * {@code binaryPart} is the part a BINARY or BINARY.SIZE item decodes, null for every other item.
     */
    private record Item(FetchAttribute attribute, SectionLocator.Prepared section, String label, List<Integer> binaryPart) {
        Item(FetchAttribute attribute, SectionLocator.Prepared section, String label) {
            this(attribute, section, label, null);
        }
    }

    private static Item[] items(List<FetchAttribute> attributes) {
        Item[] items = new Item[attributes.size()];
        for (int i = 0; i < items.length; i++) {
            FetchAttribute a = attributes.get(i);
            items[i] = switch (a) {
                case FetchAttribute.Simple simple -> new Item(a, null, null);
                case FetchAttribute.BodySection b -> new Item(a, SectionLocator.prepare(b.section(), b.partial()),
                        "BODY[" + sectionName(b.section()) + "]" + b.partial().map(p -> "<" + p.offset() + ">").orElse(""));
                case FetchAttribute.Binary b -> new Item(a, null,
                        "BINARY[" + BinaryFetch.partName(b.part()) + "]" + b.partial().map(p -> "<" + p.offset() + ">").orElse(""), b.part());
                case FetchAttribute.BinarySize b -> new Item(a, null, "BINARY.SIZE[" + BinaryFetch.partName(b.part()) + "]", b.part());
            };
        }
        return items;
    }

    /**
     * One message's untagged FETCH. The work is split over small methods on purpose: this runs once per message of a
     * 100,000-message sync, and as one 1,300-byte method with three loops the JIT compiled it three times over in a
     * restarted server's first sync (at two loop entries, then whole), each time with everything it calls inlined.
     */
    private static void writeRow(ImapSession s, SelectedMailbox box, ImapCommand.Fetch c, Item[] items, FetchRow row,
                                 boolean newlySeen, SaveDateLookup saveDates) throws IOException {
        int seq = box.uids.seq(row.view().uid());
        if (seq == 0) return;
        OpenedSections sections = OpenedSections.open(s.store.messages(), row, items);
        try {
            writeResponse(s, box, c, items, row, sections, newlySeen, saveDates, seq);
        } finally {
            sections.close();
        }
    }

    /**
     * What a row's items read besides the row: sections located in the metadata, blob ranges opened and BINARY parts
     * decoded, all before the first byte of the row, so a missing blob fails the command rather than the stream.
     * {@code decoded} is null when no item is BINARY or BINARY.SIZE.
     */
    private record OpenedSections(SectionData[] contents, InputStream[] streams, BinaryFetch.Decoded[] decoded) {
        static OpenedSections open(Messages messages, FetchRow row, Item[] items) throws IOException {
            int n = items.length;
            OpenedSections opened = new OpenedSections(new SectionData[n], new InputStream[n],
                    anyBinary(items) ? new BinaryFetch.Decoded[n] : null);
            try {
                for (int i = 0; i < n; i++) opened.open(messages, row, items[i], i);
            } catch (IOException | RuntimeException e) {
                opened.close();
                throw e;
            }
            return opened;
        }

        private void open(Messages messages, FetchRow row, Item item, int i) throws IOException {
            if (item.binaryPart() != null) decoded[i] = BinaryFetch.decode(messages, row, item.binaryPart());
            SectionData content = content(row, item);
            if (content instanceof SectionData.BlobRange r && r.length() > 0) {
                streams[i] = messages.open(row.view().blobHash(), r.offset(), r.length());
            } else if (content instanceof SectionData.FilteredBlobHeader h) {
                try (InputStream header = messages.open(row.view().blobHash(), h.offset(), h.headerLength())) {
                    content = new SectionData.Bytes(h.read(header));
                }
            }
            contents[i] = content;
        }

        void close() throws IOException {
            for (InputStream in : streams) if (in != null) in.close();
        }

        /** Whether any item decodes a part: only then does a row need {@code decoded} (the usual FETCH has none). */
        private static boolean anyBinary(Item[] items) {
            for (Item item : items) if (item.binaryPart() != null) return true;
            return false;
        }
    }

    private static void writeResponse(ImapSession s, SelectedMailbox box, ImapCommand.Fetch c, Item[] items, FetchRow row,
                                      OpenedSections sections, boolean newlySeen, SaveDateLookup saveDates, int seq)
            throws IOException {
        MessageView v = row.view();
        ResponseWriter out = s.out;
        if (newlySeen || c.attributes().contains(FetchAttribute.Simple.FLAGS)) Responses.announceKeywords(s, box, v);
        out.atom("* ").number(seq).atom(" FETCH (");
        // RFC 7162 §3.2.4: with QRESYNC every FETCH carries the UID, since VANISHED speaks in UIDs
        boolean withUid = c.uid() || s.qresync;
        boolean uidWritten = withUid, flagsWritten = false, modseqWritten = false;
        if (withUid) out.atom("UID ").number(v.uid());
        boolean first = !withUid;
        for (int i = 0; i < items.length; i++) {
            FetchAttribute a = items[i].attribute();
            if (a == FetchAttribute.Simple.UID && uidWritten) continue;
            if (a == FetchAttribute.Simple.FLAGS && flagsWritten) continue;
            if (a == FetchAttribute.Simple.MODSEQ && modseqWritten) continue;
            if (!first) out.sp();
            first = false;
            writeItem(s, box, items[i], row, sections, i, saveDates);
            uidWritten |= a == FetchAttribute.Simple.UID;
            flagsWritten |= a == FetchAttribute.Simple.FLAGS;
            modseqWritten |= a == FetchAttribute.Simple.MODSEQ;
        }
        if (newlySeen && !flagsWritten) Responses.flags(s, box, v, out.atom(" FLAGS "));
        // RFC 7162 §3.1.4: a flag change this FETCH made is reported with its MODSEQ once CONDSTORE is on
        if (newlySeen && s.condstore && !modseqWritten) out.atom(" MODSEQ (").number(v.modseq()).atom(")");
        out.atom(")").crlf();
    }

    /** Item {@code i} of a row, its name and value. */
    private static void writeItem(ImapSession s, SelectedMailbox box, Item item, FetchRow row, OpenedSections sections, int i,
                                  SaveDateLookup saveDates) throws IOException {
        ResponseWriter out = s.out;
        MessageView v = row.view();
        switch (item.attribute()) {
            case FetchAttribute.Simple simple -> {
                switch (simple) {
                    case UID -> out.atom("UID ").number(v.uid());
                    case FLAGS -> Responses.flags(s, box, v, out.atom("FLAGS "));
                    case INTERNALDATE -> out.atom("INTERNALDATE ").internalDate(v.internalDate());
                    case RFC822_SIZE -> out.atom("RFC822.SIZE ").number(v.size());
                    case ENVELOPE -> out.atom("ENVELOPE ").raw(row.metadata().envelope().getBytes(StandardCharsets.UTF_8));
                    case BODY -> out.atom("BODY ").raw(row.metadata().body().getBytes(StandardCharsets.UTF_8));
                    case BODYSTRUCTURE -> out.atom("BODYSTRUCTURE ").raw(row.metadata().bodyStructure().getBytes(StandardCharsets.UTF_8));
                    case RFC822 -> writeContent(out.atom("RFC822 "), sections, i);
                    case RFC822_HEADER -> writeContent(out.atom("RFC822.HEADER "), sections, i);
                    case RFC822_TEXT -> writeContent(out.atom("RFC822.TEXT "), sections, i);
                    case EMAILID -> out.atom("EMAILID (").atom(ObjectIds.emailId(s.account.id(), v.blobHash())).atom(")");
                    case THREADID -> out.atom("THREADID NIL");
                    case MODSEQ -> out.atom("MODSEQ (").number(v.modseq()).atom(")");
                    case SAVEDATE -> {
                        Instant saved = saveDates.of(v.uid());
                        if (saved == null) out.atom("SAVEDATE NIL");
                        else out.atom("SAVEDATE ").internalDate(saved);
                    }
                }
            }
            case FetchAttribute.BodySection b -> writeContent(out.atom(item.label()).sp(), sections, i);
            case FetchAttribute.Binary b -> BinaryFetch.write(out.atom(item.label()).sp(), sections.decoded()[i], b.partial());
            case FetchAttribute.BinarySize b -> out.atom(item.label()).sp().number(sections.decoded()[i].size());
        }
    }

    /** The section an attribute reads, or null for attributes that are not sections. */
    private static SectionData content(FetchRow row, Item item) {
        return switch (item.attribute()) {
            case FetchAttribute.Simple simple -> switch (simple) {
                case RFC822, RFC822_HEADER, RFC822_TEXT -> SectionLocator.locate(row.metadata(), simple);
                default -> null;
            };
            case FetchAttribute.BodySection b -> item.section().locate(row.metadata());
            case FetchAttribute.Binary b -> null;
            case FetchAttribute.BinarySize b -> null;
        };
    }

    /** A section the message does not have, or an empty range, is {@code ""} (as Dovecot answers); else a literal. */
    private static void writeContent(ResponseWriter out, OpenedSections sections, int i) throws IOException {
        SectionData content = sections.contents()[i];
        if (content.length() == 0) {
            out.atom("\"\"");
            return;
        }
        switch (content) {
            case SectionData.Bytes b -> out.literal(b.bytes());
            case SectionData.BlobRange r -> out.literal(sections.streams()[i], r.length());
            case SectionData.FilteredBlobHeader h -> throw new IllegalStateException("read before the row is written");
        }
    }

    /** The section spec as the response names it: {@code 1.2.HEADER.FIELDS (From To)}. */
    static String sectionName(Section section) {
        StringBuilder b = new StringBuilder();
        for (int p : section.part()) {
            if (!b.isEmpty()) b.append('.');
            b.append(p);
        }
        String text = switch (section.text()) {
            case NONE -> "";
            case HEADER -> "HEADER";
            case HEADER_FIELDS -> "HEADER.FIELDS";
            case HEADER_FIELDS_NOT -> "HEADER.FIELDS.NOT";
            case TEXT -> "TEXT";
            case MIME -> "MIME";
        };
        if (!text.isEmpty()) {
            if (!b.isEmpty()) b.append('.');
            b.append(text);
        }
        if (section.text() == Section.Text.HEADER_FIELDS || section.text() == Section.Text.HEADER_FIELDS_NOT) {
            b.append(" (").append(String.join(" ", section.fields())).append(')');
        }
        return b.toString();
    }

    static boolean setsSeen(FetchAttribute a) {
        return switch (a) {
            case FetchAttribute.BodySection b -> !b.peek();
            case FetchAttribute.Binary b -> !b.peek();
            case FetchAttribute.BinarySize b -> false;
            case FetchAttribute.Simple simple -> simple == FetchAttribute.Simple.RFC822 || simple == FetchAttribute.Simple.RFC822_TEXT;
        };
    }

    static List<Long> boxed(long[] uids) {
        return Arrays.stream(uids).boxed().toList();
    }
}
