package org.mailstore.imapd.parse;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.mailstore.imapd.command.ImapCommand;
import org.mailstore.imapd.command.ImapCommand.SearchReturn;
import org.mailstore.imapd.command.SearchKey;
import org.mailstore.imapd.command.SearchKey.Comparison;

/**
 * SEARCH arguments (RFC 9051 §6.4.4, RFC 3501's keys, RFC 5032 OLDER/YOUNGER, RFC 8514 SAVED*, RFC 8474 EMAILID/THREADID,
 * RFC 4731/5182 RETURN options), reduced as
 * {@link SearchKey} describes. A list of one key is that key. Depth counts parentheses, NOT and OR, so
 * {@code NOT NOT NOT ...} is bounded like {@code ((( ...}.
 */
final class SearchParser {
    /** RFC 8474 §7's bound on an object id. */
    static final int MAX_OBJECTID_CHARS = 255;
    /** RFC 7162 {@code entry-flag-name}: the only entries a MODSEQ search key names. */
    static final String MODSEQ_ENTRY_PREFIX = "/flags/";
    static final java.util.Set<String> MODSEQ_ENTRY_TYPES = java.util.Set.of("PRIV", "SHARED", "ALL");
    private final CommandCursor in;
    private final int maxDepth;
    private boolean asciiOnly;
    /** A CHARSET we cannot decode: the session refuses the command, so its strings only need to parse. */
    private boolean undecodable;
    private int keys;

    private SearchParser(CommandCursor in, int maxDepth) {
        this.in = in;
        this.maxDepth = maxDepth;
    }

    /** Everything after {@code SEARCH SP}. */
    static ImapCommand.Search search(CommandCursor in, boolean uid, int maxDepth) throws SyntaxException {
        SearchParser parser = new SearchParser(in, maxDepth);
        Set<SearchReturn> returns = EnumSet.noneOf(SearchReturn.class);
        boolean esearch = false;
        if (parser.takeKeyword("RETURN")) {
            esearch = true;
            parser.returnOptions(returns);
            in.sp();
        }
        Optional<String> charset = Optional.empty();
        if (parser.takeKeyword("CHARSET")) {
            String name = in.astring().toUpperCase(Locale.ROOT);
            parser.asciiOnly = name.equals("US-ASCII");
            charset = Optional.of(name);
            parser.undecodable = !ImapCommand.Search.CHARSETS.contains(name);
            in.sp();
        }
        List<SearchKey> criteria = new ArrayList<>();
        do {
            criteria.add(parser.key(1));
        } while (in.take(' '));
        return new ImapCommand.Search(uid, charset, and(criteria), Set.copyOf(returns), esearch);
    }

    /**
     * The {@code charset SP search-criteria} that SORT and THREAD end with (RFC 5256 §4): the charset is
     * mandatory there, and the criteria are SEARCH's, so SEARCHRES {@code $} and every key work alike.
     */
    static ImapCommand.Search charsetAndCriteria(CommandCursor in, boolean uid, int maxDepth) throws SyntaxException {
        SearchParser parser = new SearchParser(in, maxDepth);
        String name = in.astring().toUpperCase(Locale.ROOT);
        parser.asciiOnly = name.equals("US-ASCII");
        parser.undecodable = !ImapCommand.Search.CHARSETS.contains(name);
        in.sp();
        List<SearchKey> criteria = new ArrayList<>();
        do {
            criteria.add(parser.key(1));
        } while (in.take(' '));
        return new ImapCommand.Search(uid, Optional.of(name), and(criteria), Set.of(), false);
    }

    /** True (and consumed with its SP) when the next atom is {@code keyword}; else the cursor is unmoved. */
    private boolean takeKeyword(String keyword) throws SyntaxException {
        long mark = in.mark();
        if (CommandCursor.isAtomChar(in.peek()) && in.upperAtom().equals(keyword) && in.take(' ')) return true;
        in.reset(mark);
        return false;
    }

    private void returnOptions(Set<SearchReturn> returns) throws SyntaxException {
        in.expect('(', "expected ( after RETURN");
        if (!in.take(')')) {
            do {
                returns.add(switch (in.upperAtom()) {
                    case "MIN" -> SearchReturn.MIN;
                    case "MAX" -> SearchReturn.MAX;
                    case "ALL" -> SearchReturn.ALL;
                    case "COUNT" -> SearchReturn.COUNT;
                    case "SAVE" -> SearchReturn.SAVE;
                    default -> throw new SyntaxException("unknown search return option");
                });
            } while (in.take(' '));
            in.expect(')', "expected ) after search return options");
        }
        if (returns.isEmpty()) returns.add(SearchReturn.ALL);
    }

    private SearchKey key(int depth) throws SyntaxException {
        if (depth > maxDepth) throw new SyntaxException("search criteria nested too deeply");
        in.items(++keys);
        if (in.take('(')) {
            List<SearchKey> list = new ArrayList<>();
            do {
                list.add(key(depth + 1));
            } while (in.take(' '));
            in.expect(')', "expected ) after search keys");
            return and(list);
        }
        if (in.atSequenceSet()) return new SearchKey.Messages(in.sequenceSet(), false);
        String name = in.upperAtom();
        return switch (name) {
            case "ALL" -> new SearchKey.All();
            case "ANSWERED" -> flag("\\Answered", true);
            case "DELETED" -> flag("\\Deleted", true);
            case "DRAFT" -> flag("\\Draft", true);
            case "FLAGGED" -> flag("\\Flagged", true);
            case "SEEN" -> flag("\\Seen", true);
            case "UNANSWERED" -> flag("\\Answered", false);
            case "UNDELETED" -> flag("\\Deleted", false);
            case "UNDRAFT" -> flag("\\Draft", false);
            case "UNFLAGGED" -> flag("\\Flagged", false);
            case "UNSEEN" -> flag("\\Seen", false);
            case "KEYWORD" -> flag(argumentAtom(), true);
            case "UNKEYWORD" -> flag(argumentAtom(), false);
            case "RECENT" -> new SearchKey.Recent();
            case "NEW" -> new SearchKey.And(List.of(new SearchKey.Recent(), flag("\\Seen", false)));
            case "OLD" -> new SearchKey.Not(new SearchKey.Recent());
            case "BCC" -> header("Bcc");
            case "CC" -> header("Cc");
            case "FROM" -> header("From");
            case "SUBJECT" -> header("Subject");
            case "TO" -> header("To");
            case "HEADER" -> {
                in.sp();
                String field = HeaderNames.fieldName(in);
                yield new SearchKey.Header(field, argument());
            }
            case "BODY" -> new SearchKey.Body(argument());
            case "TEXT" -> new SearchKey.Text(argument());
            case "BEFORE" -> date(false, Comparison.BEFORE);
            case "ON" -> date(false, Comparison.ON);
            case "SINCE" -> date(false, Comparison.SINCE);
            case "SAVEDBEFORE" -> savedDate(Comparison.BEFORE);
            case "SAVEDON" -> savedDate(Comparison.ON);
            case "SAVEDSINCE" -> savedDate(Comparison.SINCE);
            case "SAVEDATESUPPORTED" -> new SearchKey.SaveDateSupported();
            case "EMAILID" -> new SearchKey.EmailId(objectId());
            case "THREADID" -> new SearchKey.ThreadId(objectId());
            case "SENTBEFORE" -> date(true, Comparison.BEFORE);
            case "SENTON" -> date(true, Comparison.ON);
            case "SENTSINCE" -> date(true, Comparison.SINCE);
            case "OLDER" -> age(true);
            case "YOUNGER" -> age(false);
            case "MODSEQ" -> modseq();
            case "LARGER" -> size(true);
            case "SMALLER" -> size(false);
            case "UID" -> {
                in.sp();
                yield new SearchKey.Messages(in.sequenceSet(), true);
            }
            case "NOT" -> {
                in.sp();
                yield new SearchKey.Not(key(depth + 1));
            }
            case "OR" -> {
                in.sp();
                SearchKey left = key(depth + 1);
                in.sp();
                yield new SearchKey.Or(left, key(depth + 1));
            }
            default -> throw new SyntaxException("unknown search key");
        };
    }

    private static SearchKey and(List<SearchKey> keys) {
        return keys.size() == 1 ? keys.getFirst() : new SearchKey.And(keys);
    }

    private static SearchKey flag(String flag, boolean set) {
        return new SearchKey.FlagSet(flag, set);
    }

    private String argumentAtom() throws SyntaxException {
        in.sp();
        return in.atom();
    }

    private SearchKey header(String field) throws SyntaxException {
        return new SearchKey.Header(field, argument());
    }

    /** An astring in the command's charset (UTF-8, so US-ASCII is a check on top). */
    private String argument() throws SyntaxException {
        in.sp();
        if (undecodable && (in.peek() == '"' || in.peek() == CommandCursor.LITERAL)) {
            return new String(in.stringBytes(), StandardCharsets.ISO_8859_1);
        }
        String value = in.astring();
        if (asciiOnly && !value.chars().allMatch(c -> c < 0x80)) {
            throw new SyntaxException("non-ASCII search string with CHARSET US-ASCII");
        }
        return value;
    }

    private SearchKey date(boolean sent, Comparison comparison) throws SyntaxException {
        in.sp();
        return new SearchKey.DateCompare(sent, comparison, ImapDates.date(in));
    }

    /** RFC 8474: {@code objectid = 1*255(ALPHA / DIGIT / "_" / "-")}. */
    private String objectId() throws SyntaxException {
        in.sp();
        String id = in.atom();
        if (id.length() > MAX_OBJECTID_CHARS || !id.chars().allMatch(SearchParser::isObjectIdChar)) {
            throw new SyntaxException("invalid object id");
        }
        return id;
    }

    private static boolean isObjectIdChar(int c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    }

    private SearchKey savedDate(Comparison comparison) throws SyntaxException {
        in.sp();
        return new SearchKey.SavedDate(comparison, ImapDates.date(in));
    }

    /** RFC 5032: {@code interval = nz-number}, seconds. */
    private SearchKey age(boolean older) throws SyntaxException {
        in.sp();
        return new SearchKey.Age(older, in.nzNumber());
    }

    /**
     * RFC 7162 §3.1.5: {@code "MODSEQ" [SP entry-name SP entry-type-req] SP mod-sequence-valzer}; the entry, a
     * quoted {@code "/flags/..."} and priv/shared/all, is checked and dropped (see {@link SearchKey.ModSeq}).
     */
    private SearchKey modseq() throws SyntaxException {
        in.sp();
        if (in.peek() == '"') {
            String entry = new String(in.quoted(), StandardCharsets.UTF_8);
            if (!entry.startsWith(MODSEQ_ENTRY_PREFIX)) throw new SyntaxException("MODSEQ entry must name a flag");
            in.sp();
            String type = in.upperAtom();
            if (!MODSEQ_ENTRY_TYPES.contains(type)) throw new SyntaxException("MODSEQ entry type must be priv, shared or all");
            in.sp();
        }
        return new SearchKey.ModSeq(in.number64());
    }

    private SearchKey size(boolean larger) throws SyntaxException {
        in.sp();
        return new SearchKey.Size(larger, in.number64());
    }
}
