package org.mailstore.imapd.search;

import java.io.IOException;
import java.io.Reader;
import java.util.List;
import org.mailstore.store.BlobMetadata;
import org.mailstore.store.mime.TextParts;

/**
 * Searches the text of a message's body for several needles in one pass over the blob: the decoded text of each
 * {@link TextParts text part} (the same characters the store's search text holds), a match never spanning two
 * parts. Reading stops once every needle is found.
 */
final class BodyText {
    private static final int CHUNK_CHARS = 8192;

    private BodyText() {
    }

    /** {@code found[i]} is set for each needle {@code i} found; returns whether all are. */
    static boolean search(BlobMetadata m, BodyReader reader, List<Needle> needles, boolean[] found) throws IOException {
        List<Needle.Scan> scans = needles.stream().map(Needle::scan).toList();
        boolean[] all = new boolean[1];
        TextParts.forEach(m.parts(), reader::open, text -> {
            all[0] = scan(text, scans, found);
            scans.forEach(Needle.Scan::separate);
            return all[0];
        });
        return all[0];
    }

    private static boolean scan(Reader text, List<Needle.Scan> scans, boolean[] found) throws IOException {
        char[] buffer = new char[CHUNK_CHARS];
        java.nio.CharBuffer chunk = java.nio.CharBuffer.wrap(buffer);
        for (int n = text.read(buffer); n >= 0; n = text.read(buffer)) {
            boolean all = true;
            for (int i = 0; i < scans.size(); i++) {
                if (!found[i]) {
                    scans.get(i).feed(chunk.subSequence(0, n));
                    found[i] = scans.get(i).found();
                }
                all &= found[i];
            }
            if (all) return true;
        }
        return false;
    }
}
