package org.mailstore.imapd;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.mailstore.imapd.command.FetchAttribute;
import org.mailstore.imapd.command.ImapCommand;
import org.mailstore.imapd.command.ParsedCommand;
import org.mailstore.imapd.command.SearchKey;
import org.mailstore.imapd.command.Section;
import org.mailstore.imapd.command.SequenceSet;
import org.mailstore.net.LineReader;

/**
 * STAND-IN until the parser (imap-parse) lands, so the session can be exercised end to end: a lenient tokenizer
 * and just enough grammar for the protocol scripts. It has none of the real parser's limits or strictness and
 * is deleted when CommandReader arrives.
 */
final class ParserCommandSource implements CommandSource {
    static final int MAX_LINE = 64 * 1024;
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("d-MMM-yyyy HH:mm:ss Z", Locale.ENGLISH);
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("d-MMM-yyyy", Locale.ENGLISH);

    private final LineReader in;
    private final ImapSession.Continuation continuation;
    private List<Object> tokens;
    private int pos;

    /** A literal's content: a string the client sent as {n}. */
    private record Literal(String text) {}

    private static final String OPEN = "(", CLOSE = ")";

    ParserCommandSource(LineReader in, ImapSession.Continuation continuation) {
        this.in = in;
        this.continuation = continuation;
    }

    @Override
    public ParsedCommand next() throws IOException {
        tokens = new ArrayList<>();
        pos = 0;
        while (true) {
            LineReader.Line line = in.readLine(MAX_LINE);
            if (line == null) return null;
            if (line.tooLong()) return new ParsedCommand.Bad(null, "Line too long.");
            String text = new String(line.bytes(), StandardCharsets.UTF_8);
            if (tokens.isEmpty() && text.isBlank()) continue;
            long[] literal = tokenize(text);
            if (literal == null) break;
            if (isAppend()) {
                tokens.add(new long[] {literal[0], literal[1]});
                break;
            }
            if (literal[1] == 1) continuation.ready("Ready for literal data");
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            if (!in.readExactly(literal[0], (buf, off, len) -> b.write(buf, off, len))) return null;
            tokens.add(new Literal(b.toString(StandardCharsets.UTF_8)));
        }
        if (tokens.isEmpty() || !(tokens.getFirst() instanceof String tag)) return new ParsedCommand.Bad(null, "Missing tag.");
        pos = 1;
        try {
            return new ParsedCommand.Command(tag, command());
        } catch (RuntimeException e) {
            return new ParsedCommand.Bad(tag, "Error in IMAP command: " + EchoText.of(String.valueOf(e.getMessage())));
        }
    }

    private boolean isAppend() {
        return tokens.size() >= 2 && tokens.get(1) instanceof String s && s.equalsIgnoreCase("APPEND");
    }

    @Override
    public String finishAppend() throws IOException {
        LineReader.Line line = in.readLine(MAX_LINE);
        if (line == null) return "Connection closed.";
        return line.bytes().length == 0 ? null : "Expected end of line after the message.";
    }

    @Override
    public String readContinuationLine(int maxBytes) throws IOException {
        LineReader.Line line = in.readLine(maxBytes);
        return line == null || line.tooLong() ? null : new String(line.bytes(), StandardCharsets.UTF_8);
    }

    @Override
    public void enableImap4rev2() {
        // the stand-in has no rev2 rules
    }

    /** Adds the line's tokens; returns {size, synchronizing} when it ends with a literal announcement. */
    private long[] tokenize(String s) {
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == ' ') {
                i++;
            } else if (c == '(' || c == ')') {
                tokens.add(c == '(' ? OPEN : CLOSE);
                i++;
            } else if (c == '"') {
                StringBuilder b = new StringBuilder();
                i++;
                while (i < s.length() && s.charAt(i) != '"') {
                    if (s.charAt(i) == '\\' && i + 1 < s.length()) i++;
                    b.append(s.charAt(i++));
                }
                i++;
                tokens.add(new Literal(b.toString()));
            } else if (c == '{' && s.endsWith("}")) {
                String n = s.substring(i + 1, s.length() - 1);
                boolean plus = n.endsWith("+");
                return new long[] {Long.parseLong(plus ? n.substring(0, n.length() - 1) : n), plus ? 0 : 1};
            } else {
                int start = i;
                int depth = 0;
                while (i < s.length()) {
                    char x = s.charAt(i);
                    if (x == '[') depth++;
                    if (x == ']') depth--;
                    if (depth == 0 && (x == ' ' || x == '(' || x == ')')) break;
                    i++;
                }
                tokens.add(s.substring(start, i));
            }
        }
        return null;
    }

    private ImapCommand command() {
        String name = atom().toUpperCase(Locale.ROOT);
        boolean uid = false;
        if (name.equals("UID")) {
            uid = true;
            name = atom().toUpperCase(Locale.ROOT);
        }
        return switch (name) {
            case "CAPABILITY" -> new ImapCommand.Capability();
            case "NOOP" -> new ImapCommand.Noop();
            case "LOGOUT" -> new ImapCommand.Logout();
            case "ID" -> id();
            case "LOGIN" -> new ImapCommand.Login(string(), string());
            case "AUTHENTICATE" -> {
                String mech = atom();
                Optional<byte[]> ir = more() ? Optional.of(atom().equals("=") ? new byte[0] : Base64.getDecoder().decode((String) tokens.get(pos - 1))) : Optional.empty();
                yield new ImapCommand.Authenticate(mech, ir);
            }
            case "ENABLE" -> {
                List<String> caps = new ArrayList<>();
                while (more()) caps.add(atom());
                yield new ImapCommand.Enable(caps);
            }
            case "SELECT" -> new ImapCommand.Select(string(), false);
            case "EXAMINE" -> new ImapCommand.Select(string(), true);
            case "CREATE" -> new ImapCommand.Create(string());
            case "DELETE" -> new ImapCommand.Delete(string());
            case "RENAME" -> new ImapCommand.Rename(string(), string());
            case "SUBSCRIBE" -> new ImapCommand.Subscribe(string());
            case "UNSUBSCRIBE" -> new ImapCommand.Unsubscribe(string());
            case "LIST" -> list(false);
            case "LSUB" -> list(true);
            case "NAMESPACE" -> new ImapCommand.Namespace();
            case "STATUS" -> new ImapCommand.Status(string(), statusItems());
            case "APPEND" -> append();
            case "IDLE" -> new ImapCommand.Idle();
            case "CHECK" -> new ImapCommand.Check();
            case "CLOSE" -> new ImapCommand.Close();
            case "UNSELECT" -> new ImapCommand.Unselect();
            case "EXPUNGE" -> new ImapCommand.Expunge(uid ? Optional.of(set(atom())) : Optional.empty());
            case "SEARCH" -> search(uid);
            case "FETCH" -> new ImapCommand.Fetch(uid, set(atom()), fetchAttributes());
            case "STORE" -> store(uid);
            case "COPY" -> new ImapCommand.Copy(uid, set(atom()), string());
            case "MOVE" -> new ImapCommand.Move(uid, set(atom()), string());
            default -> throw new IllegalArgumentException("Unknown command " + name);
        };
    }

    private ImapCommand id() {
        if (peekOpen()) {
            pos++;
            Map<String, String> p = new LinkedHashMap<>();
            while (!peekClose()) p.put(string(), string());
            pos++;
            return new ImapCommand.Id(p);
        }
        atom();
        return new ImapCommand.Id(null);
    }

    private ImapCommand list(boolean lsub) {
        Set<ImapCommand.ListSelection> selection = EnumSet.noneOf(ImapCommand.ListSelection.class);
        if (!lsub && peekOpen()) {
            pos++;
            while (!peekClose()) selection.add(ImapCommand.ListSelection.valueOf(atom().toUpperCase(Locale.ROOT).replace('-', '_')));
            pos++;
        }
        String reference = string();
        List<String> patterns = new ArrayList<>();
        if (peekOpen()) {
            pos++;
            while (!peekClose()) patterns.add(string());
            pos++;
        } else {
            patterns.add(string());
        }
        Set<ImapCommand.ListReturn> returns = EnumSet.noneOf(ImapCommand.ListReturn.class);
        List<ImapCommand.StatusItem> status = List.of();
        if (more() && atom().equalsIgnoreCase("RETURN")) {
            expectOpen();
            while (!peekClose()) {
                String r = atom().toUpperCase(Locale.ROOT);
                returns.add(ImapCommand.ListReturn.valueOf(r.replace('-', '_')));
                if (r.equals("STATUS")) status = statusItems();
            }
            pos++;
        }
        return new ImapCommand.ListMailboxes(reference, patterns, selection, returns, status, lsub);
    }

    private List<ImapCommand.StatusItem> statusItems() {
        expectOpen();
        List<ImapCommand.StatusItem> items = new ArrayList<>();
        while (!peekClose()) items.add(ImapCommand.StatusItem.valueOf(atom().toUpperCase(Locale.ROOT)));
        pos++;
        return items;
    }

    private ImapCommand append() {
        String mailbox = string();
        List<String> flags = List.of();
        if (peekOpen()) flags = flagList();
        Optional<OffsetDateTime> date = Optional.empty();
        if (tokens.get(pos) instanceof Literal l) {
            pos++;
            date = Optional.of(OffsetDateTime.parse(l.text().trim(), DATE_TIME));
        }
        long[] literal = (long[]) tokens.get(pos++);
        return new ImapCommand.Append(mailbox, flags, date, literal[0], literal[1] == 1);
    }

    private ImapCommand store(boolean uid) {
        SequenceSet set = set(atom());
        String item = atom().toUpperCase(Locale.ROOT);
        boolean silent = item.endsWith(".SILENT");
        if (silent) item = item.substring(0, item.length() - 7);
        ImapCommand.StoreMode mode = item.startsWith("+") ? ImapCommand.StoreMode.ADD
                : item.startsWith("-") ? ImapCommand.StoreMode.REMOVE : ImapCommand.StoreMode.REPLACE;
        List<String> flags = peekOpen() ? flagList() : List.of(atom());
        return new ImapCommand.Store(uid, set, mode, silent, flags);
    }

    private List<String> flagList() {
        expectOpen();
        List<String> out = new ArrayList<>();
        while (!peekClose()) out.add(atom());
        pos++;
        return out;
    }

    private ImapCommand search(boolean uid) {
        Set<ImapCommand.SearchReturn> returns = EnumSet.noneOf(ImapCommand.SearchReturn.class);
        boolean esearch = false;
        Optional<String> charset = Optional.empty();
        if (peekAtom("RETURN")) {
            pos++;
            esearch = true;
            expectOpen();
            while (!peekClose()) returns.add(ImapCommand.SearchReturn.valueOf(atom().toUpperCase(Locale.ROOT)));
            pos++;
            if (returns.isEmpty()) returns.add(ImapCommand.SearchReturn.ALL);
        }
        if (peekAtom("CHARSET")) {
            pos++;
            charset = Optional.of(string());
        }
        List<SearchKey> keys = new ArrayList<>();
        while (more()) keys.add(key());
        return new ImapCommand.Search(uid, charset, keys.size() == 1 ? keys.getFirst() : new SearchKey.And(keys), returns, esearch);
    }

    private SearchKey key() {
        if (peekOpen()) {
            pos++;
            List<SearchKey> keys = new ArrayList<>();
            while (!peekClose()) keys.add(key());
            pos++;
            return new SearchKey.And(keys);
        }
        String k = atom();
        String u = k.toUpperCase(Locale.ROOT);
        return switch (u) {
            case "ALL" -> new SearchKey.All();
            case "SEEN", "ANSWERED", "FLAGGED", "DELETED", "DRAFT" -> new SearchKey.FlagSet("\\" + cap(u), true);
            case "UNSEEN", "UNANSWERED", "UNFLAGGED", "UNDELETED", "UNDRAFT" -> new SearchKey.FlagSet("\\" + cap(u.substring(2)), false);
            case "KEYWORD" -> new SearchKey.FlagSet(atom(), true);
            case "UNKEYWORD" -> new SearchKey.FlagSet(atom(), false);
            case "RECENT" -> new SearchKey.Recent();
            case "NEW" -> new SearchKey.And(List.of(new SearchKey.Recent(), new SearchKey.FlagSet("\\Seen", false)));
            case "OLD" -> new SearchKey.Not(new SearchKey.Recent());
            case "NOT" -> new SearchKey.Not(key());
            case "OR" -> new SearchKey.Or(key(), key());
            case "FROM", "TO", "CC", "BCC", "SUBJECT" -> new SearchKey.Header(cap(u), string());
            case "HEADER" -> new SearchKey.Header(string(), string());
            case "BODY" -> new SearchKey.Body(string());
            case "TEXT" -> new SearchKey.Text(string());
            case "LARGER" -> new SearchKey.Size(true, Long.parseLong(atom()));
            case "SMALLER" -> new SearchKey.Size(false, Long.parseLong(atom()));
            case "BEFORE", "ON", "SINCE" -> new SearchKey.DateCompare(false, SearchKey.Comparison.valueOf(u), LocalDate.parse(string(), DATE));
            case "SENTBEFORE", "SENTON", "SENTSINCE" ->
                    new SearchKey.DateCompare(true, SearchKey.Comparison.valueOf(u.substring(4)), LocalDate.parse(string(), DATE));
            case "UID" -> new SearchKey.Messages(set(atom()), true);
            default -> new SearchKey.Messages(set(k), false);
        };
    }

    private List<FetchAttribute> fetchAttributes() {
        List<FetchAttribute> out = new ArrayList<>();
        if (peekOpen()) {
            pos++;
            while (!peekClose()) out.add(fetchAttribute(atom()));
            pos++;
            return out;
        }
        String a = atom();
        switch (a.toUpperCase(Locale.ROOT)) {
            case "ALL" -> out.addAll(List.of(FetchAttribute.Simple.FLAGS, FetchAttribute.Simple.INTERNALDATE, FetchAttribute.Simple.RFC822_SIZE,
                    FetchAttribute.Simple.ENVELOPE));
            case "FAST" -> out.addAll(List.of(FetchAttribute.Simple.FLAGS, FetchAttribute.Simple.INTERNALDATE, FetchAttribute.Simple.RFC822_SIZE));
            case "FULL" -> out.addAll(List.of(FetchAttribute.Simple.FLAGS, FetchAttribute.Simple.INTERNALDATE, FetchAttribute.Simple.RFC822_SIZE,
                    FetchAttribute.Simple.ENVELOPE, FetchAttribute.Simple.BODY));
            default -> out.add(fetchAttribute(a));
        }
        return out;
    }

    private static FetchAttribute fetchAttribute(String a) {
        String u = a.toUpperCase(Locale.ROOT);
        int bracket = u.indexOf('[');
        if (bracket < 0) return FetchAttribute.Simple.valueOf(u.replace('.', '_'));
        boolean peek = u.startsWith("BODY.PEEK[");
        int close = u.lastIndexOf(']');
        String spec = a.substring(bracket + 1, close);
        Optional<FetchAttribute.Partial> partial = Optional.empty();
        if (close + 1 < a.length()) {
            String[] p = a.substring(close + 2, a.length() - 1).split("\\.");
            partial = Optional.of(new FetchAttribute.Partial(Long.parseLong(p[0]), Long.parseLong(p[1])));
        }
        return new FetchAttribute.BodySection(peek, section(spec), partial);
    }

    private static Section section(String spec) {
        List<Integer> part = new ArrayList<>();
        String rest = spec;
        while (!rest.isEmpty() && Character.isDigit(rest.charAt(0))) {
            int dot = rest.indexOf('.');
            part.add(Integer.parseInt(dot < 0 ? rest : rest.substring(0, dot)));
            rest = dot < 0 ? "" : rest.substring(dot + 1);
        }
        String u = rest.toUpperCase(Locale.ROOT);
        List<String> fields = List.of();
        int paren = u.indexOf('(');
        if (paren >= 0) {
            fields = List.of(rest.substring(paren + 1, rest.lastIndexOf(')')).trim().split(" +"));
            u = u.substring(0, paren).trim();
        }
        Section.Text text = switch (u) {
            case "" -> Section.Text.NONE;
            case "HEADER" -> Section.Text.HEADER;
            case "HEADER.FIELDS" -> Section.Text.HEADER_FIELDS;
            case "HEADER.FIELDS.NOT" -> Section.Text.HEADER_FIELDS_NOT;
            case "TEXT" -> Section.Text.TEXT;
            case "MIME" -> Section.Text.MIME;
            default -> throw new IllegalArgumentException("bad section " + spec);
        };
        return new Section(part, text, fields);
    }

    private static SequenceSet set(String s) {
        if (s.equals("$")) return SequenceSet.savedResult();
        List<SequenceSet.Range> ranges = new ArrayList<>();
        for (String r : s.split(",")) {
            String[] ab = r.split(":");
            long a = number(ab[0]);
            ranges.add(new SequenceSet.Range(a, ab.length > 1 ? number(ab[1]) : a));
        }
        return SequenceSet.of(ranges);
    }

    private static long number(String s) {
        return s.equals("*") ? SequenceSet.STAR : Long.parseLong(s);
    }

    private static String cap(String u) {
        return u.charAt(0) + u.substring(1).toLowerCase(Locale.ROOT);
    }

    private boolean more() {
        return pos < tokens.size();
    }

    private boolean peekOpen() {
        return more() && tokens.get(pos) == OPEN;
    }

    private boolean peekClose() {
        if (!more()) throw new IllegalArgumentException("missing )");
        return tokens.get(pos) == CLOSE;
    }

    private boolean peekAtom(String a) {
        return more() && tokens.get(pos) instanceof String s && s != OPEN && s != CLOSE && s.equalsIgnoreCase(a);
    }

    private void expectOpen() {
        if (!peekOpen()) throw new IllegalArgumentException("expected (");
        pos++;
    }

    private String atom() {
        if (!more()) throw new IllegalArgumentException("missing argument");
        Object t = tokens.get(pos++);
        if (t instanceof Literal l) return l.text();
        if (t == OPEN || t == CLOSE || !(t instanceof String s)) throw new IllegalArgumentException("unexpected " + t);
        return s;
    }

    private String string() {
        return atom();
    }
}
