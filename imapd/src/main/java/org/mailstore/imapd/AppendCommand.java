package org.mailstore.imapd;

import java.io.IOException;
import java.time.Instant;
import java.util.Optional;
import org.mailstore.imapd.command.ImapCommand;
import org.mailstore.imapd.command.ParsedCommand;
import org.mailstore.imapd.parse.CommandReader;
import org.mailstore.net.EchoText;
import org.mailstore.store.AppendResult;
import org.mailstore.store.Flags;
import org.mailstore.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * APPEND (RFC 9051 §6.3.12, RFC 4315 APPENDUID). The parser stops at the message literal; this streams its bytes
 * from the connection into {@link org.mailstore.store.Messages#append}, so a message of any allowed size costs a
 * buffer of memory. For a synchronizing literal every check (size, mailbox, flags) happens before the "+", so a
 * refused APPEND costs the client nothing; a non-synchronizing literal (LITERAL+) is already on its way and is read
 * and dropped, unless it is over the size limit: that is {@code NO [TOOBIG]} and the connection closes (RFC 7888
 * §4, as Dovecot), rather than reading up to gigabytes only to throw them away.
 */
final class AppendCommand {
    private static final Logger log = LoggerFactory.getLogger(AppendCommand.class);

    private AppendCommand() {}

    static String append(ImapSession s, ImapCommand.Append c) throws IOException {
        if (c.size() > s.settings.maxAppendBytes()) {
            if (c.synchronizing()) return "NO [TOOBIG] Message is larger than " + s.settings.maxAppendBytes() + " bytes.";
            s.close();
            return "NO [TOOBIG] Message is larger than " + s.settings.maxAppendBytes() + " bytes; closing.";
        }
        String refused = check(s, c);
        if (refused != null && c.synchronizing()) return refused;
        if (c.synchronizing()) s.out.atom("+ Ready for literal data").crlf().flush();
        LiteralInputStream literal = new LiteralInputStream(s.in, c.size());
        AppendResult result = null;
        StoreException failure = null;
        if (refused == null) {
            Flags flags = Flags.of(c.flags());
            Instant date = c.internalDate().map(d -> d.toInstant()).orElseGet(Instant::now);
            try {
                result = s.store.messages().append(s.account, s.storeName(c.mailbox()), literal, flags, date);
            } catch (StoreException e) {
                failure = e;
            }
        }
        literal.skipRest();
        Optional<ParsedCommand.Bad> rest = s.commands.finishAppend();
        if (rest.isPresent()) {
            // The message went into the store as it arrived, but the command was not what the client meant: take it out.
            if (result != null) s.store.messages().remove(s.account, result.mailboxId(), java.util.List.of(result.uid()));
            return "BAD " + rest.get().message();
        }
        if (refused != null) return refused;
        if (failure != null) throw failure;
        if (s.selected != null && s.selected.id == result.mailboxId()) s.selected.mustCheck.set(true);
        log.info("appended {} bytes to {} as UID {}", c.size(), result.mailbox(), result.uid());
        return "OK [APPENDUID " + result.uidValidity() + " " + result.uid() + "] APPEND completed.";
    }

    /**
     * An APPEND refused before its handler ran (not allowed in this state): a non-synchronizing message is on the
     * wire and must not be read as commands. A small one is read and dropped; a larger one ends the connection.
     */
    static void abandon(ImapSession s, ImapCommand.Append c) throws IOException {
        if (c.synchronizing()) return;
        if (c.size() > CommandReader.MAX_DISCARD_BYTES) {
            s.close();
            return;
        }
        new LiteralInputStream(s.in, c.size()).skipRest();
        s.commands.finishAppend();
    }

    /** Why the APPEND cannot succeed, found before the literal is read; null when it may. */
    private static String check(ImapSession s, ImapCommand.Append c) {
        try {
            Flags.of(c.flags());
            if (!s.store.mailboxes().exists(s.account, s.storeName(c.mailbox()))) return "NO [TRYCREATE] Mailbox doesn't exist: " + EchoText.of(c.mailbox(), ImapErrors.MAX_ECHOED_CHARS);
            return null;
        } catch (StoreException e) {
            return ImapErrors.of(e, ImapErrors.Role.DESTINATION);
        }
    }
}
