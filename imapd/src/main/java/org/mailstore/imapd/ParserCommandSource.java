package org.mailstore.imapd;

import java.io.IOException;
import org.mailstore.imapd.command.ParsedCommand;
import org.mailstore.net.LineReader;

/** STAND-IN until the parser (imap-parse) lands: the session's commands will come from its CommandReader. */
final class ParserCommandSource implements CommandSource {
    ParserCommandSource(LineReader in, ImapSession.Continuation continuation) {
        throw new UnsupportedOperationException("the IMAP command parser has not landed yet");
    }

    @Override
    public ParsedCommand next() throws IOException {
        throw new UnsupportedOperationException();
    }

    @Override
    public String finishAppend() throws IOException {
        throw new UnsupportedOperationException();
    }

    @Override
    public String readContinuationLine(int maxBytes) throws IOException {
        throw new UnsupportedOperationException();
    }

    @Override
    public void enableImap4rev2() {
        throw new UnsupportedOperationException();
    }
}
