package org.mailstore.imapd;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.mailstore.imapd.command.ImapCommand;
import org.mailstore.imapd.parse.AppendNext;
import org.mailstore.imapd.parse.CommandReader;
import org.mailstore.net.EchoText;
import org.mailstore.store.AppendResult;
import org.mailstore.store.Flags;
import org.mailstore.store.StagedMessage;
import org.mailstore.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * APPEND (RFC 9051 §6.3.12) with MULTIAPPEND (RFC 3502) and RFC 4315 APPENDUID. The parser stops at each message
 * literal; this streams its bytes from the connection into the blob store ({@link org.mailstore.store.Messages#stage}),
 * so a message of any allowed size costs a buffer of memory, and only after the last one appends them all in one
 * transaction: a command that fails anywhere (a message too large, bad syntax after a literal, over quota) appends
 * none. Bytes staged for a failed command are orphans for the garbage collector.
 *
 * <p>For a synchronizing literal every check (size, count, mailbox, flags) happens before the "+", so a refused
 * message costs the client nothing and ends the command; a non-synchronizing literal (LITERAL+) is already on its
 * way and is read and dropped, unless it is over the size or count limit: that is a tagged NO and the connection
 * closes (RFC 7888 §4, as Dovecot), rather than reading up to gigabytes only to throw them away.
 */
final class AppendCommand {
    private static final Logger log = LoggerFactory.getLogger(AppendCommand.class);

    /** Messages in one MULTIAPPEND: each is a blob written before the transaction, so this bounds a command's work. */
    static final int MAX_MESSAGES_PER_APPEND = 1000;

    private AppendCommand() {}

    static String append(ImapSession s, ImapCommand.Append first) throws IOException {
        List<StagedMessage> staged = new ArrayList<>();
        String refused = mailboxRefusal(s, first);
        StoreException failure = null;
        ImapCommand.Append c = first;
        for (int count = 1; ; count++) {
            String limit = limitRefusal(s, c, count);
            if (limit != null) {
                if (!c.synchronizing()) s.close();
                return c.synchronizing() ? limit + "." : limit + "; closing.";
            }
            if (refused == null) refused = flagRefusal(c);
            if (refused != null && c.synchronizing()) return refused;
            if (c.synchronizing()) s.out.atom("+ Ready for literal data").crlf().flush();
            LiteralInputStream literal = new LiteralInputStream(s.in, c.size());
            if (refused == null && failure == null) {
                try {
                    staged.add(s.store.messages().stage(literal, Flags.of(c.flags()), internalDate(c)));
                } catch (StoreException e) {
                    failure = e;
                }
            }
            literal.skipRest();
            switch (s.commands.nextAppendMessage(first.mailbox())) {
                case AppendNext.Bad bad -> {
                    return "BAD " + bad.bad().message();
                }
                case AppendNext.Message next -> c = next.message();
                case AppendNext.End end -> {
                    return finish(s, first, staged, refused, failure);
                }
            }
        }
    }

    private static String finish(ImapSession s, ImapCommand.Append first, List<StagedMessage> staged, String refused,
                                 StoreException failure) {
        if (refused != null) return refused;
        if (failure != null) throw failure;
        List<AppendResult> results = s.store.messages().appendAll(s.account, s.storeName(first.mailbox()), staged);
        AppendResult last = results.getLast();
        if (s.selected != null && s.selected.id == last.mailboxId()) s.selected.mustCheck.set(true);
        long[] uids = results.stream().mapToLong(AppendResult::uid).toArray();
        log.info("appended {} message(s) to {} as UID {}", results.size(), last.mailbox(), Responses.set(uids));
        return "OK [APPENDUID " + last.uidValidity() + " " + Responses.set(uids) + "] APPEND completed.";
    }

    /**
     * An APPEND refused before its handler ran (not allowed in this state): non-synchronizing messages are on the
     * wire and must not be read as commands. Small ones are read and dropped; a larger one ends the connection.
     */
    static void abandon(ImapSession s, ImapCommand.Append first) throws IOException {
        ImapCommand.Append c = first;
        while (!c.synchronizing()) {
            if (c.size() > CommandReader.MAX_DISCARD_BYTES) {
                s.close();
                return;
            }
            new LiteralInputStream(s.in, c.size()).skipRest();
            if (!(s.commands.nextAppendMessage(first.mailbox()) instanceof AppendNext.Message next)) return;
            c = next.message();
        }
    }

    /** Why the {@code count}th message of a command is over a limit; null when it is not. */
    private static String limitRefusal(ImapSession s, ImapCommand.Append c, int count) {
        if (c.size() > s.settings.maxAppendBytes()) return "NO [TOOBIG] Message is larger than " + s.settings.maxAppendBytes() + " bytes";
        if (count > MAX_MESSAGES_PER_APPEND) return "NO [LIMIT] More than " + MAX_MESSAGES_PER_APPEND + " messages in one APPEND";
        return null;
    }

    /** Why the APPEND cannot succeed, found before the first literal is read; null when it may. */
    private static String mailboxRefusal(ImapSession s, ImapCommand.Append c) {
        try {
            if (!s.store.mailboxes().exists(s.account, s.storeName(c.mailbox()))) return "NO [TRYCREATE] Mailbox doesn't exist: " + EchoText.of(c.mailbox(), ImapErrors.MAX_ECHOED_CHARS);
            return null;
        } catch (StoreException e) {
            return ImapErrors.of(e, ImapErrors.Role.DESTINATION);
        }
    }

    private static String flagRefusal(ImapCommand.Append c) {
        try {
            Flags.of(c.flags());
            return null;
        } catch (StoreException e) {
            return ImapErrors.of(e, ImapErrors.Role.DESTINATION);
        }
    }

    private static Instant internalDate(ImapCommand.Append c) {
        return c.internalDate().map(d -> d.toInstant()).orElseGet(Instant::now);
    }
}
