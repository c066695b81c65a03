package org.mailstore.imapd;

import java.io.IOException;
import org.mailstore.imapd.command.ParsedCommand;

/**
 * Where the session gets its commands: the parser over the connection. The session never sees command bytes,
 * only what this hands it, plus the raw literal of an APPEND (read from the same {@link org.mailstore.net.LineReader}
 * between {@link #next()} and {@link #finishAppend()}).
 */
interface CommandSource {
    /** The next command or BAD reason; null at end of stream. */
    ParsedCommand next() throws IOException;

    /**
     * After the session consumed an APPEND literal: reads the rest of that command line. Null when it was the
     * expected end of line, else the reason to answer BAD.
     */
    String finishAppend() throws IOException;

    /** One line after a continuation request (AUTHENTICATE, IDLE's DONE); null at end of stream or when too long. */
    String readContinuationLine(int maxBytes) throws IOException;

    /** IMAP4rev2 was enabled: LITERAL- rules and UTF-8 strings from now on. */
    void enableImap4rev2();
}
