package org.mailstore.store.mime;

import java.util.List;

/**
 * What must hold for any input, however broken: the ranges tile the message sensibly and count their
 * lines, the strings carry no NUL, and a real client can parse them.
 */
final class Invariants {

    private Invariants() {
    }

    static void check(byte[] raw, MessageMetadata m) throws Exception {
        require(m.size() == raw.length, "size " + m.size() + " of " + raw.length + " bytes");
        require(m.headerSize() <= m.size(), "header within message");
        require(m.header().length == Math.min(m.headerSize(), MessageParser.MAX_HEADER_BYTES), "cached header");
        List<MimePart> parts = m.parts();
        require(parts.getFirst().equals(new MimePart(MimePart.MESSAGE, 0, m.headerSize(), m.headerSize(),
                m.size() - m.headerSize(), m.bodyLines())), "first entry is the message");
        long previousStart = 0;
        for (MimePart p : parts) {
            require(p.bodyOffset() == p.headerEnd(), p.section() + " body follows header");
            require(p.bodyEnd() <= raw.length, p.section() + " inside the message");
            require(p.headerOffset() >= previousStart, p.section() + " in document order");
            previousStart = p.headerOffset();
            require(lineFeeds(raw, p.bodyOffset(), p.bodyEnd()) == p.bodyLines(), p.section() + " line count");
        }
        for (String s : List.of(m.envelope(), m.body(), m.bodyStructure())) {
            require(s.indexOf('\0') < 0, "no NUL");
        }
        AngusClient.readAll(m);
    }

    private static long lineFeeds(byte[] raw, long from, long to) {
        long n = 0;
        for (long i = from; i < to; i++) {
            if (raw[(int) i] == '\n') {
                n++;
            }
        }
        return n;
    }

    private static void require(boolean condition, String what) {
        if (!condition) {
            throw new AssertionError(what);
        }
    }
}
