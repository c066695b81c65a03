package org.mailstore.imapd;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.mailstore.imapd.command.FetchAttribute;
import org.mailstore.imapd.fetch.TransferEncoding;
import org.mailstore.store.FetchRow;
import org.mailstore.store.Messages;
import org.mailstore.store.mime.MimePart;

/**
 * FETCH BINARY, BINARY.PEEK and BINARY.SIZE (RFC 3516): a part's body with its transfer encoding undone, streamed
 * from the blob and never held. The decoded length must precede the literal, so the part is decoded twice: once
 * to count (and to see whether it holds NUL, which needs a literal8), once to send. {@code BINARY[]} is the whole
 * message as stored; a part the message does not have is {@code ""}, as BODY answers.
 */
final class BinaryFetch {
    private BinaryFetch() {}

    /** A part whose Content-Transfer-Encoding this server cannot undo: the command is {@code NO [UNKNOWN-CTE]}. */
    static final class UnknownEncoding extends IOException {
        UnknownEncoding(String part) {
            super("Unknown Content-Transfer-Encoding in part " + part + ".");
        }
    }

    /** Reads the decoded part again for sending. */
    interface Source {
        InputStream open() throws IOException;
    }

    /** The decoded part: its size, whether it holds NUL, and how to read it. */
    record Decoded(long size, boolean hasNul, Source source) {
        static final Decoded EMPTY = new Decoded(0, false, InputStream::nullInputStream);
    }

    static Decoded decode(Messages messages, FetchRow row, List<Integer> part) throws IOException {
        String hash = row.view().blobHash();
        if (part.isEmpty()) return measure(() -> messages.open(hash, 0, row.view().size()));
        String number = partName(part);
        Optional<MimePart> found = MimePart.find(row.metadata().parts(), number);
        if (found.isEmpty() || found.get().bodyLength() == 0) return Decoded.EMPTY;
        MimePart p = found.get();
        TransferEncoding encoding;
        try (InputStream header = messages.open(hash, p.headerOffset(), p.headerLength())) {
            encoding = p.headerLength() == 0 ? TransferEncoding.IDENTITY : TransferEncoding.of(header);
        }
        if (encoding == TransferEncoding.UNKNOWN) throw new UnknownEncoding(number);
        return measure(() -> encoding.decode(messages.open(hash, p.bodyOffset(), p.bodyLength())));
    }

    private static Decoded measure(Source source) throws IOException {
        long size = 0;
        boolean nul = false;
        byte[] buf = new byte[8192];
        try (InputStream in = source.open()) {
            for (int r; (r = in.read(buf)) >= 0; ) {
                size += r;
                for (int i = 0; i < r && !nul; i++) nul = buf[i] == 0;
            }
        }
        return new Decoded(size, nul, source);
    }

    /** Writes {@code BINARY[...]} data clipped to the partial: a literal8 when the part holds NUL, else a literal. */
    static void write(ResponseWriter out, Decoded d, Optional<FetchAttribute.Partial> partial) throws IOException {
        long start = partial.map(p -> Math.min(p.offset(), d.size())).orElse(0L);
        long length = partial.map(p -> Math.min(p.count(), d.size() - start)).orElse(d.size());
        if (length == 0) {
            out.atom("\"\"");
            return;
        }
        try (InputStream in = d.source().open()) {
            in.skipNBytes(start);
            if (d.hasNul()) out.literal8(in, length);
            else out.literal(in, length);
        }
    }

    static String partName(List<Integer> part) {
        return part.stream().map(String::valueOf).collect(Collectors.joining("."));
    }
}
