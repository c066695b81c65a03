package org.mailstore.imapd;

import java.util.EnumSet;
import java.util.Set;
import org.mailstore.imapd.command.ImapCommand;

/**
 * The IMAP command table (Dovecot's command flags, Stalwart's {@code is_allowed}): for each command, the states
 * it may run in and whether it works on message sequence numbers. The dispatcher enforces both: a command in
 * the wrong state gets BAD, and while a command that uses sequence numbers runs, no untagged EXPUNGE may be sent
 * (RFC 9051 §7.5.1: the client could no longer tell which message a number names). UID forms are exempt.
 */
final class CommandTable {
    private static final Set<SessionState> ANY = EnumSet.of(SessionState.NOT_AUTHENTICATED, SessionState.AUTHENTICATED, SessionState.SELECTED);
    private static final Set<SessionState> NOT_AUTHENTICATED = EnumSet.of(SessionState.NOT_AUTHENTICATED);
    private static final Set<SessionState> AUTHENTICATED = EnumSet.of(SessionState.AUTHENTICATED, SessionState.SELECTED);
    private static final Set<SessionState> SELECTED = EnumSet.of(SessionState.SELECTED);

    record Rule(String name, Set<SessionState> states, boolean usesSequenceNumbers) {
        boolean allowedIn(SessionState state) {
            return states.contains(state);
        }
    }

    private CommandTable() {}

    static Rule of(ImapCommand command) {
        return switch (command) {
            case ImapCommand.Capability c -> new Rule("CAPABILITY", ANY, false);
            case ImapCommand.Noop c -> new Rule("NOOP", ANY, false);
            case ImapCommand.Logout c -> new Rule("LOGOUT", ANY, false);
            case ImapCommand.Id c -> new Rule("ID", ANY, false);
            case ImapCommand.StartTls c -> new Rule("STARTTLS", NOT_AUTHENTICATED, false);
            case ImapCommand.Login c -> new Rule("LOGIN", NOT_AUTHENTICATED, false);
            case ImapCommand.Authenticate c -> new Rule("AUTHENTICATE", NOT_AUTHENTICATED, false);
            case ImapCommand.Unauthenticate c -> new Rule("UNAUTHENTICATE", AUTHENTICATED, false);
            case ImapCommand.Compress c -> new Rule("COMPRESS", AUTHENTICATED, false);
            case ImapCommand.Enable c -> new Rule("ENABLE", AUTHENTICATED, false);
            case ImapCommand.Select c -> new Rule(c.readOnly() ? "EXAMINE" : "SELECT", AUTHENTICATED, false);
            case ImapCommand.Create c -> new Rule("CREATE", AUTHENTICATED, false);
            case ImapCommand.Delete c -> new Rule("DELETE", AUTHENTICATED, false);
            case ImapCommand.Rename c -> new Rule("RENAME", AUTHENTICATED, false);
            case ImapCommand.Subscribe c -> new Rule("SUBSCRIBE", AUTHENTICATED, false);
            case ImapCommand.Unsubscribe c -> new Rule("UNSUBSCRIBE", AUTHENTICATED, false);
            case ImapCommand.ListMailboxes c -> new Rule(c.lsub() ? "LSUB" : "LIST", AUTHENTICATED, false);
            case ImapCommand.Namespace c -> new Rule("NAMESPACE", AUTHENTICATED, false);
            case ImapCommand.Status c -> new Rule("STATUS", AUTHENTICATED, false);
            case ImapCommand.Append c -> new Rule("APPEND", AUTHENTICATED, false);
            case ImapCommand.Idle c -> new Rule("IDLE", AUTHENTICATED, false);
            case ImapCommand.GetQuota c -> new Rule("GETQUOTA", AUTHENTICATED, false);
            case ImapCommand.GetQuotaRoot c -> new Rule("GETQUOTAROOT", AUTHENTICATED, false);
            case ImapCommand.SetQuota c -> new Rule("SETQUOTA", AUTHENTICATED, false);
            case ImapCommand.Check c -> new Rule("CHECK", SELECTED, false);
            case ImapCommand.Close c -> new Rule("CLOSE", SELECTED, false);
            case ImapCommand.Unselect c -> new Rule("UNSELECT", SELECTED, false);
            case ImapCommand.Expunge c -> new Rule(c.uids().isPresent() ? "UID EXPUNGE" : "EXPUNGE", SELECTED, false);
            case ImapCommand.Search c -> new Rule(c.uid() ? "UID SEARCH" : "SEARCH", SELECTED, !c.uid());
            case ImapCommand.Sort c -> new Rule(c.uid() ? "UID SORT" : "SORT", SELECTED, !c.uid());
            case ImapCommand.Thread c -> new Rule(c.uid() ? "UID THREAD" : "THREAD", SELECTED, !c.uid());
            case ImapCommand.Fetch c -> new Rule(c.uid() ? "UID FETCH" : "FETCH", SELECTED, !c.uid());
            case ImapCommand.Store c -> new Rule(c.uid() ? "UID STORE" : "STORE", SELECTED, !c.uid());
            case ImapCommand.Copy c -> new Rule(c.uid() ? "UID COPY" : "COPY", SELECTED, !c.uid());
            case ImapCommand.Move c -> new Rule(c.uid() ? "UID MOVE" : "MOVE", SELECTED, !c.uid());
        };
    }
}
