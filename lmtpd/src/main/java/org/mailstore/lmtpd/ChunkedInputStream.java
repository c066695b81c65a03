package org.mailstore.lmtpd;

import java.io.EOFException;
import java.io.IOException;
import org.mailstore.net.LineReader;

/**
 * The message sent in BDAT chunks (RFC 3030): exactly the counted octets, no dot-stuffing, the
 * chunks joined into one stream so the store sees one message although the client sends several
 * commands. At the end of a chunk that is not LAST the stream asks the session ({@link ChunkSource})
 * for the next one; the session answers the finished chunk and reads the next command then.
 */
final class ChunkedInputStream extends MessageStream {
    /** Reads the next BDAT command after a chunk that was not the last. */
    @FunctionalInterface
    interface ChunkSource {
        /** The next chunk, after answering {@code finishedOctets}; throws {@link Interrupted} for any other command. */
        LmtpCommand.Bdat next(long finishedOctets) throws IOException;
    }

    /** The client sent another command (RSET, QUIT, ...) between chunks: the transaction is abandoned. */
    static final class Interrupted extends IOException {
        private final transient ParseResult command;

        Interrupted(ParseResult command) {
            super("BDAT transaction interrupted by another command");
            this.command = command;
        }

        ParseResult command() {
            return command;
        }
    }

    private final LineReader reader;
    private final ChunkSource source;
    private long chunk;
    private long remaining;
    private boolean last;
    private Interrupted interrupted;

    ChunkedInputStream(LineReader reader, LmtpCommand.Bdat first, ChunkSource source, long limit) {
        super(limit);
        this.reader = reader;
        this.source = source;
        this.chunk = first.size();
        this.remaining = first.size();
        this.last = first.last();
    }

    @Override
    protected int next() throws IOException {
        while (remaining == 0) {
            if (last || interrupted != null) return -1;
            LmtpCommand.Bdat b;
            try {
                b = source.next(chunk);
            } catch (Interrupted e) {
                interrupted = e;
                throw e;
            }
            chunk = b.size();
            remaining = b.size();
            last = b.last();
        }
        int c = reader.read();
        if (c < 0) throw new EOFException("connection closed inside a BDAT chunk");
        remaining--;
        return c;
    }

    @Override
    protected int ready() {
        return (int) Math.min(remaining, reader.buffered());
    }

    /** The command that ended the transaction between chunks, or null. */
    ParseResult interruptedBy() {
        return interrupted == null ? null : interrupted.command();
    }

    /** True when the current chunk is the LAST one (one reply per recipient follows it). */
    boolean lastChunk() {
        return last;
    }
}
