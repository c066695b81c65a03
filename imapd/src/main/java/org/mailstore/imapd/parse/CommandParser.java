package org.mailstore.imapd.parse;

import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.mailstore.imapd.command.FetchAttribute;
import org.mailstore.imapd.command.ImapCommand;
import org.mailstore.imapd.command.ImapCommand.StatusItem;
import org.mailstore.imapd.command.ImapCommand.StoreMode;
import org.mailstore.imapd.command.ParsedCommand;
import org.mailstore.imapd.command.SequenceSet;

/**
 * Turns one complete {@link CommandText} into a {@link ParsedCommand}: no I/O, no state, and malformed input comes
 * back as {@code Bad}, never as an exception. {@link CommandReader} assembles the text and enforces byte limits;
 * this class enforces the grammar, the depth limit and the item limits.
 */
final class CommandParser {
    /** RFC 2971 §3.3. */
    static final int MAX_ID_PAIRS = 30;
    static final int MAX_ID_FIELD_BYTES = 30;
    static final int MAX_ID_VALUE_BYTES = 1024;
    /** Bad messages are ours, but capped anyway so a future change cannot echo a long input. */
    static final int MAX_MESSAGE_CHARS = 200;

    /** Named in error messages; an unknown name is not echoed. */
    private static final Set<String> KNOWN_COMMANDS = Set.of("CAPABILITY", "NOOP", "LOGOUT", "NAMESPACE", "IDLE",
            "CHECK", "CLOSE", "UNSELECT", "EXPUNGE", "UNAUTHENTICATE", "COMPRESS", "ID", "STARTTLS", "LOGIN", "AUTHENTICATE", "ENABLE", "SELECT", "EXAMINE",
            "CREATE", "DELETE", "RENAME", "SUBSCRIBE", "UNSUBSCRIBE", "LIST", "LSUB", "STATUS", "APPEND", "UID",
            "FETCH", "STORE", "COPY", "MOVE", "SEARCH", "SORT", "THREAD", "GETQUOTA", "GETQUOTAROOT", "SETQUOTA");
    /** RFC 6154 §2's attributes. */
    private static final List<String> SPECIAL_USES =
            List.of("\\All", "\\Archive", "\\Drafts", "\\Flagged", "\\Junk", "\\Sent", "\\Trash");
    private static final Set<String> SYSTEM_FLAGS =
            Set.of("\\Answered", "\\Flagged", "\\Deleted", "\\Seen", "\\Draft");

    /** What an APPEND prefix (the command up to a literal announcement) turned out to be. */
    sealed interface AppendCheck {}

    /** Not an APPEND, or an APPEND whose mailbox is this literal: read it like any other. */
    record OrdinaryLiteral() implements AppendCheck {}

    /** The literal is APPEND's message: here is the command (or why it is bad). */
    record MessageLiteral(ParsedCommand parsed) implements AppendCheck {}

    private CommandParser() {}

    static ParsedCommand parse(CommandText text, ParserLimits limits) {
        CommandCursor in = new CommandCursor(text, limits.maxItems());
        String tag;
        try {
            if (in.atEnd()) return bad(null, "empty command line");
            tag = in.tag();
        } catch (SyntaxException e) {
            return bad(null, e.getMessage());
        }
        String name = null;
        try {
            in.sp();
            name = in.upperAtom();
            ImapCommand command = command(name, in, limits);
            in.end();
            return new ParsedCommand.Command(tag, command);
        } catch (SyntaxException e) {
            // a message that starts with a response code keeps it first, where clients look for it
            boolean plain = name == null || !KNOWN_COMMANDS.contains(name) || e.getMessage().startsWith("[");
            return bad(tag, plain ? e.getMessage() : "Error in IMAP command " + name + ": " + e.getMessage());
        }
    }

    /** The tag of a command's first line, or null when it has none usable. */
    static String tagOf(byte[] firstLine) {
        try {
            return new CommandCursor(CommandText.of(firstLine), 1).tag();
        } catch (SyntaxException e) {
            return null;
        }
    }

    /**
     * Decides whether the literal announced at the end of {@code prefix} is an APPEND message: it is when the
     * command is APPEND and its mailbox has been given. The prefix must then be exactly
     * {@code tag APPEND mailbox [flags] [date-time] SP}.
     */
    static AppendCheck checkAppend(CommandText prefix, long size, boolean synchronizing, ParserLimits limits) {
        CommandCursor in = new CommandCursor(prefix, limits.maxItems());
        String tag;
        try {
            tag = in.tag();
            in.sp();
            if (!in.upperAtom().equals("APPEND")) return new OrdinaryLiteral();
            in.sp();
        } catch (SyntaxException e) {
            return new OrdinaryLiteral(); // not an APPEND, or one that fails later like any other command
        }
        if (in.atEnd()) return new OrdinaryLiteral(); // the literal is the mailbox name
        try {
            String mailbox = mailbox(in);
            in.sp();
            return new MessageLiteral(new ParsedCommand.Command(tag, appendMessage(in, mailbox, size, synchronizing)));
        } catch (SyntaxException e) {
            return new MessageLiteral(bad(tag, "Error in IMAP command APPEND: " + e.getMessage()));
        }
    }

    /**
     * MULTIAPPEND (RFC 3502): the line after one APPEND message up to the next message's literal,
     * {@code SP [flag-list SP] [date-time SP]}, for the same mailbox.
     */
    static ParsedCommand nextAppendMessage(String tag, String mailbox, CommandText prefix, long size, boolean synchronizing,
                                           ParserLimits limits) {
        CommandCursor in = new CommandCursor(prefix, limits.maxItems());
        try {
            in.sp();
            return new ParsedCommand.Command(tag, appendMessage(in, mailbox, size, synchronizing));
        } catch (SyntaxException e) {
            return bad(tag, "Error in IMAP command APPEND: " + e.getMessage());
        }
    }

    /** {@code [flag-list SP] [date-time SP]} and the end of the prefix: one message's options. */
    private static ImapCommand.Append appendMessage(CommandCursor in, String mailbox, long size, boolean synchronizing)
            throws SyntaxException {
        List<String> flags = List.of();
        if (in.peek() == '(') {
            flags = flagList(in);
            in.sp();
        }
        Optional<java.time.OffsetDateTime> date = Optional.empty();
        if (in.peek() == '"') {
            date = Optional.of(ImapDates.dateTime(in));
            in.sp();
        }
        in.end();
        return new ImapCommand.Append(mailbox, flags, date, size, synchronizing);
    }

    static ParsedCommand.Bad bad(String tag, String message) {
        StringBuilder safe = new StringBuilder(Math.min(message.length(), MAX_MESSAGE_CHARS));
        for (int i = 0; i < message.length() && safe.length() < MAX_MESSAGE_CHARS; i++) {
            char c = message.charAt(i);
            safe.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return new ParsedCommand.Bad(tag, safe.toString());
    }

    private static ImapCommand command(String name, CommandCursor in, ParserLimits limits) throws SyntaxException {
        return switch (name) {
            case "CAPABILITY" -> new ImapCommand.Capability();
            case "NOOP" -> new ImapCommand.Noop();
            case "LOGOUT" -> new ImapCommand.Logout();
            case "NAMESPACE" -> new ImapCommand.Namespace();
            case "IDLE" -> new ImapCommand.Idle();
            case "CHECK" -> new ImapCommand.Check();
            case "CLOSE" -> new ImapCommand.Close();
            case "UNSELECT" -> new ImapCommand.Unselect();
            case "EXPUNGE" -> new ImapCommand.Expunge(Optional.empty());
            case "ID" -> id(in);
            case "STARTTLS" -> new ImapCommand.StartTls();
            case "LOGIN" -> login(in);
            case "AUTHENTICATE" -> authenticate(in);
            case "ENABLE" -> enable(in);
            case "SELECT", "EXAMINE" -> select(argumentMailbox(in), name.equals("EXAMINE"), in);
            case "CREATE" -> create(in);
            case "UNAUTHENTICATE" -> new ImapCommand.Unauthenticate();
            case "COMPRESS" -> {
                in.sp();
                yield new ImapCommand.Compress(in.upperAtom());
            }
            case "DELETE" -> new ImapCommand.Delete(argumentMailbox(in));
            case "RENAME" -> new ImapCommand.Rename(argumentMailbox(in), argumentMailbox(in));
            case "SUBSCRIBE" -> new ImapCommand.Subscribe(argumentMailbox(in));
            case "UNSUBSCRIBE" -> new ImapCommand.Unsubscribe(argumentMailbox(in));
            case "LIST" -> ListParser.list(in);
            case "LSUB" -> ListParser.lsub(in);
            case "STATUS" -> status(in);
            case "GETQUOTA" -> QuotaParser.getQuota(in);
            case "GETQUOTAROOT" -> new ImapCommand.GetQuotaRoot(argumentMailbox(in));
            case "SETQUOTA" -> QuotaParser.setQuota(in);
            case "APPEND" -> throw new SyntaxException("expected a message literal");
            case "UID" -> uid(in, limits);
            default -> selected(name, false, in, limits);
        };
    }

    private static ImapCommand uid(CommandCursor in, ParserLimits limits) throws SyntaxException {
        in.sp();
        String name = in.upperAtom();
        if (name.equals("EXPUNGE")) {
            in.sp();
            return new ImapCommand.Expunge(Optional.of(in.sequenceSet()));
        }
        return selected(name, true, in, limits);
    }

    /** The commands that have a UID form. */
    private static ImapCommand selected(String name, boolean uid, CommandCursor in, ParserLimits limits)
            throws SyntaxException {
        return switch (name) {
            case "FETCH" -> {
                SequenceSet set = argumentSequenceSet(in);
                in.sp();
                List<FetchAttribute> attributes = FetchParser.attributes(in);
                yield fetchModifiers(uid, set, attributes, in);
            }
            case "STORE" -> store(uid, in);
            case "COPY" -> {
                SequenceSet set = argumentSequenceSet(in);
                yield new ImapCommand.Copy(uid, set, argumentMailbox(in));
            }
            case "MOVE" -> {
                SequenceSet set = argumentSequenceSet(in);
                yield new ImapCommand.Move(uid, set, argumentMailbox(in));
            }
            case "SEARCH" -> {
                in.sp();
                yield SearchParser.search(in, uid, limits.maxDepth());
            }
            case "SORT" -> {
                in.sp();
                yield SortParser.sort(in, uid, limits.maxDepth());
            }
            case "THREAD" -> {
                in.sp();
                yield SortParser.thread(in, uid, limits.maxDepth());
            }
            default -> throw new SyntaxException(uid ? "unknown UID command" : "unknown command");
        };
    }

    /** {@code mailbox = "INBOX" / astring}; every case variant of INBOX is INBOX (RFC 9051 §5.1). */
    static String mailbox(CommandCursor in) throws SyntaxException {
        String name = in.astring();
        return name.equalsIgnoreCase("INBOX") ? "INBOX" : name;
    }

    private static String argumentMailbox(CommandCursor in) throws SyntaxException {
        in.sp();
        return mailbox(in);
    }

    private static SequenceSet argumentSequenceSet(CommandCursor in) throws SyntaxException {
        in.sp();
        return in.sequenceSet();
    }

    private static ImapCommand login(CommandCursor in) throws SyntaxException {
        in.sp();
        String user = in.astring();
        in.sp();
        return new ImapCommand.Login(user, in.astring());
    }

    /** {@code AUTHENTICATE SP auth-type [SP (base64 / "=")]} with SASL-IR (RFC 4959). */
    private static ImapCommand authenticate(CommandCursor in) throws SyntaxException {
        in.sp();
        String mechanism = in.upperAtom();
        if (!in.take(' ')) return new ImapCommand.Authenticate(mechanism, Optional.empty());
        String encoded = in.atom();
        if (encoded.equals("=")) return new ImapCommand.Authenticate(mechanism, Optional.of(new byte[0]));
        return new ImapCommand.Authenticate(mechanism, Optional.of(base64(encoded)));
    }

    static byte[] base64(String encoded) throws SyntaxException {
        if (encoded.length() % 4 != 0) throw new SyntaxException("invalid base64");
        try {
            return Base64.getDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            throw new SyntaxException("invalid base64");
        }
    }

    private static ImapCommand enable(CommandCursor in) throws SyntaxException {
        List<String> capabilities = new ArrayList<>();
        do {
            in.sp();
            in.items(capabilities.size() + 1);
            capabilities.add(in.upperAtom());
        } while (!in.atEnd());
        return new ImapCommand.Enable(capabilities);
    }

    /** RFC 2971: {@code ID SP ("(" string SP nstring *(SP string SP nstring) ")" / NIL)}; () is taken as empty. */
    private static ImapCommand id(CommandCursor in) throws SyntaxException {
        in.sp();
        if (!in.take('(')) {
            if (!in.upperAtom().equals("NIL")) throw new SyntaxException("expected ( or NIL");
            return new ImapCommand.Id(null);
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        Set<String> seen = new java.util.HashSet<>();
        if (!in.take(')')) {
            do {
                if (parameters.size() == MAX_ID_PAIRS) throw new SyntaxException("too many ID fields");
                byte[] field = in.stringBytes();
                if (field.length > MAX_ID_FIELD_BYTES) throw new SyntaxException("ID field name too long");
                in.sp();
                String value = idValue(in);
                String name = CommandCursor.utf8(field);
                if (!seen.add(name.toLowerCase(Locale.ROOT))) throw new SyntaxException("duplicate ID field");
                parameters.put(name, value);
            } while (in.take(' '));
            in.expect(')', "expected ) after ID fields");
        }
        return new ImapCommand.Id(Collections.unmodifiableMap(parameters));
    }

    private static String idValue(CommandCursor in) throws SyntaxException {
        if (in.peek() != '"' && in.peek() != CommandCursor.LITERAL) return in.nstring();
        byte[] value = in.stringBytes();
        if (value.length > MAX_ID_VALUE_BYTES) throw new SyntaxException("ID value too long");
        return CommandCursor.utf8(value);
    }

    /**
     * {@code CREATE SP mailbox [SP "(" create-param *(SP create-param) ")"]} (RFC 4466 §2.2), where the only parameter
     * known is {@code USE SP "(" [use-attr *(SP use-attr)] ")"} (RFC 6154 §3); others are BAD.
     */
    private static ImapCommand create(CommandCursor in) throws SyntaxException {
        String mailbox = argumentMailbox(in);
        if (!in.take(' ')) return new ImapCommand.Create(mailbox);
        in.expect('(', "expected ( before create parameters");
        Set<String> uses = new LinkedHashSet<>();
        boolean useSeen = false;
        do {
            if (!in.upperAtom().equals("USE")) throw new SyntaxException("unknown create parameter");
            if (useSeen) throw new SyntaxException("USE given twice");
            useSeen = true;
            in.sp();
            in.expect('(', "expected ( after USE");
            if (!in.take(')')) {
                do {
                    in.items(uses.size() + 1);
                    uses.add(useAttribute(in));
                } while (in.take(' '));
                in.expect(')', "expected ) after special-use attributes");
            }
        } while (in.take(' '));
        in.expect(')', "expected ) after create parameters");
        return new ImapCommand.Create(mailbox, List.copyOf(uses));
    }

    /** {@code use-attr = "\" atom} (RFC 6154 §6); the ones RFC 6154 defines in their usual case. */
    private static String useAttribute(CommandCursor in) throws SyntaxException {
        in.expect('\\', "expected a special-use attribute");
        String name = "\\" + in.atom();
        for (String known : SPECIAL_USES) {
            if (known.equalsIgnoreCase(name)) return known;
        }
        return name;
    }

    private static ImapCommand status(CommandCursor in) throws SyntaxException {
        String mailbox = argumentMailbox(in);
        in.sp();
        return new ImapCommand.Status(mailbox, statusItems(in));
    }

    /** {@code "(" status-att *(SP status-att) ")"}. */
    static List<StatusItem> statusItems(CommandCursor in) throws SyntaxException {
        in.expect('(', "expected ( before status items");
        Set<StatusItem> items = EnumSet.noneOf(StatusItem.class);
        List<StatusItem> ordered = new ArrayList<>();
        do {
            StatusItem item = switch (in.upperAtom()) {
                case "MESSAGES" -> StatusItem.MESSAGES;
                case "RECENT" -> StatusItem.RECENT;
                case "UIDNEXT" -> StatusItem.UIDNEXT;
                case "UIDVALIDITY" -> StatusItem.UIDVALIDITY;
                case "UNSEEN" -> StatusItem.UNSEEN;
                case "DELETED" -> StatusItem.DELETED;
                case "SIZE" -> StatusItem.SIZE;
                case "MAILBOXID" -> StatusItem.MAILBOXID;
                case "APPENDLIMIT" -> StatusItem.APPENDLIMIT;
                case "HIGHESTMODSEQ" -> StatusItem.HIGHESTMODSEQ;
                default -> throw new SyntaxException("unknown status item");
            };
            if (items.add(item)) ordered.add(item);
        } while (in.take(' '));
        in.expect(')', "expected ) after status items");
        return ordered;
    }

    /** {@code STORE sequence-set SP ["+" / "-"] "FLAGS" [".SILENT"] SP (flag-list / (flag *(SP flag)))}. */
    private static ImapCommand store(boolean uid, CommandCursor in) throws SyntaxException {
        SequenceSet set = argumentSequenceSet(in);
        in.sp();
        OptionalLong unchangedSince = unchangedSince(in);
        String item = in.upperAtom();
        boolean silent = item.endsWith(".SILENT");
        String base = silent ? item.substring(0, item.length() - ".SILENT".length()) : item;
        StoreMode mode = switch (base) {
            case "FLAGS" -> StoreMode.REPLACE;
            case "+FLAGS" -> StoreMode.ADD;
            case "-FLAGS" -> StoreMode.REMOVE;
            default -> throw new SyntaxException("unknown store item");
        };
        in.sp();
        List<String> flags;
        if (in.peek() == '(') {
            flags = flagList(in);
        } else {
            Set<String> unique = new LinkedHashSet<>();
            do {
                in.items(unique.size() + 1);
                unique.add(flag(in));
            } while (in.take(' '));
            flags = List.copyOf(unique);
        }
        return new ImapCommand.Store(uid, set, mode, silent, flags, unchangedSince);
    }

    /**
     * {@code [SP "(" select-param *(SP select-param) ")"]}: CONDSTORE (RFC 7162 §3.1.8) and
     * {@code QRESYNC (uidvalidity modseq [known-uids [seq-match-data]])} (§3.2.5), each at most once.
     */
    private static ImapCommand select(String mailbox, boolean readOnly, CommandCursor in) throws SyntaxException {
        boolean condstore = false;
        Optional<ImapCommand.Qresync> qresync = Optional.empty();
        if (in.take(' ')) {
            in.expect('(', "expected ( before SELECT parameters");
            do {
                String parameter = in.upperAtom();
                if (parameter.equals("CONDSTORE") && !condstore) {
                    condstore = true;
                } else if (parameter.equals("QRESYNC") && qresync.isEmpty()) {
                    qresync = Optional.of(qresync(in));
                } else {
                    throw new SyntaxException("unknown SELECT parameter");
                }
            } while (in.take(' '));
            in.expect(')', "expected ) after SELECT parameters");
        }
        return new ImapCommand.Select(mailbox, readOnly, condstore, qresync);
    }

    private static ImapCommand.Qresync qresync(CommandCursor in) throws SyntaxException {
        in.sp();
        in.expect('(', "expected ( after QRESYNC");
        long uidValidity = in.nzNumber();
        in.sp();
        long modseq = in.number64();
        if (modseq == 0) throw new SyntaxException("QRESYNC mod-sequence must be positive");
        Optional<SequenceSet> known = Optional.empty();
        if (in.take(' ')) {
            if (in.peek() != '(') known = Optional.of(in.sequenceSet());
            if (known.isEmpty() || in.take(' ')) {
                // seq-match-data: (known-sequence-set SP known-uid-set), checked and not kept
                in.expect('(', "expected ( before sequence match data");
                in.sequenceSet();
                in.sp();
                in.sequenceSet();
                in.expect(')', "expected ) after sequence match data");
            }
        }
        in.expect(')', "expected ) after QRESYNC parameters");
        return new ImapCommand.Qresync(uidValidity, modseq, known);
    }

    /**
     * {@code [SP "(" fetch-modifier *(SP fetch-modifier) ")"]} after FETCH's items: CHANGEDSINCE (RFC 7162 §3.1.4)
     * and VANISHED (§3.2.6), which needs CHANGEDSINCE and UID FETCH.
     */
    private static ImapCommand fetchModifiers(boolean uid, SequenceSet set, List<FetchAttribute> attributes, CommandCursor in)
            throws SyntaxException {
        OptionalLong changedSince = OptionalLong.empty();
        boolean vanished = false;
        if (in.take(' ')) {
            in.expect('(', "expected ( before FETCH modifiers");
            do {
                String modifier = in.upperAtom();
                if (modifier.equals("CHANGEDSINCE") && changedSince.isEmpty()) {
                    in.sp();
                    long modseq = in.number64();
                    if (modseq == 0) throw new SyntaxException("CHANGEDSINCE must be positive");
                    changedSince = OptionalLong.of(modseq);
                } else if (modifier.equals("VANISHED") && !vanished) {
                    vanished = true;
                } else {
                    throw new SyntaxException("unknown FETCH modifier");
                }
            } while (in.take(' '));
            in.expect(')', "expected ) after FETCH modifiers");
        }
        if (vanished && (!uid || changedSince.isEmpty())) throw new SyntaxException("VANISHED needs UID FETCH and CHANGEDSINCE");
        return new ImapCommand.Fetch(uid, set, attributes, changedSince, vanished);
    }

    /** {@code ["(" "UNCHANGEDSINCE" SP mod-sequence-valzer ")" SP]} before STORE's item (RFC 7162 §3.1.3). */
    private static OptionalLong unchangedSince(CommandCursor in) throws SyntaxException {
        if (!in.take('(')) return OptionalLong.empty();
        if (!in.upperAtom().equals("UNCHANGEDSINCE")) throw new SyntaxException("unknown STORE modifier");
        in.sp();
        long modseq = in.number64();
        in.expect(')', "expected ) after STORE modifiers");
        in.sp();
        return OptionalLong.of(modseq);
    }

    /** {@code flag-list = "(" [flag *(SP flag)] ")"}, duplicates dropped, system flags in their usual case. */
    static List<String> flagList(CommandCursor in) throws SyntaxException {
        in.expect('(', "expected ( before flags");
        Set<String> flags = new LinkedHashSet<>();
        if (!in.take(')')) {
            do {
                in.items(flags.size() + 1);
                flags.add(flag(in));
            } while (in.take(' '));
            in.expect(')', "expected ) after flags");
        }
        return List.copyOf(flags);
    }

    /** A keyword (atom) or one of the five settable system flags; \Recent and unknown \-flags are refused. */
    private static String flag(CommandCursor in) throws SyntaxException {
        if (!in.take('\\')) return in.atom();
        String name = "\\" + in.atom();
        for (String system : SYSTEM_FLAGS) {
            if (system.equalsIgnoreCase(name)) return system;
        }
        throw new SyntaxException(name.equalsIgnoreCase("\\Recent") ? "\\Recent cannot be set" : "invalid system flag");
    }
}
