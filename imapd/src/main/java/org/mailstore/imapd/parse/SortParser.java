package org.mailstore.imapd.parse;

import java.util.ArrayList;
import java.util.List;
import org.mailstore.imapd.command.ImapCommand;
import org.mailstore.imapd.command.ImapCommand.SortCriterion;
import org.mailstore.imapd.command.ImapCommand.SortKey;
import org.mailstore.imapd.command.ImapCommand.ThreadAlgorithm;

/**
 * SORT and THREAD arguments (RFC 5256 §4, RFC 5957 §4): {@code sort-criteria SP search-criteria} and
 * {@code thread-alg SP search-criteria}, where the search criteria start with a mandatory charset and are
 * SEARCH's ({@link SearchParser#charsetAndCriteria}). A sort program holds at most one criterion per key and
 * REVERSE once before each, so its length is bounded by the grammar's own keys.
 */
final class SortParser {
    /** Each key once, each with its REVERSE: more is repetition no client sends. */
    static final int MAX_SORT_CRITERIA = SortKey.values().length;

    private SortParser() {}

    /** Everything after {@code SORT SP}. */
    static ImapCommand.Sort sort(CommandCursor in, boolean uid, int maxDepth) throws SyntaxException {
        in.expect('(', "expected ( before sort criteria");
        List<SortCriterion> criteria = new ArrayList<>();
        do {
            if (criteria.size() == MAX_SORT_CRITERIA) throw new SyntaxException("too many sort criteria");
            boolean reverse = false;
            String name = in.upperAtom();
            if (name.equals("REVERSE")) {
                reverse = true;
                in.sp();
                name = in.upperAtom();
            }
            criteria.add(new SortCriterion(key(name), reverse));
        } while (in.take(' '));
        in.expect(')', "expected ) after sort criteria");
        in.sp();
        return new ImapCommand.Sort(uid, criteria, SearchParser.charsetAndCriteria(in, uid, maxDepth));
    }

    /** Everything after {@code THREAD SP}. */
    static ImapCommand.Thread thread(CommandCursor in, boolean uid, int maxDepth) throws SyntaxException {
        ThreadAlgorithm algorithm = switch (in.upperAtom()) {
            case "ORDEREDSUBJECT" -> ThreadAlgorithm.ORDEREDSUBJECT;
            case "REFERENCES" -> ThreadAlgorithm.REFERENCES;
            default -> throw new SyntaxException("unknown threading algorithm");
        };
        in.sp();
        return new ImapCommand.Thread(uid, algorithm, SearchParser.charsetAndCriteria(in, uid, maxDepth));
    }

    private static SortKey key(String name) throws SyntaxException {
        return switch (name) {
            case "ARRIVAL" -> SortKey.ARRIVAL;
            case "CC" -> SortKey.CC;
            case "DATE" -> SortKey.DATE;
            case "FROM" -> SortKey.FROM;
            case "SIZE" -> SortKey.SIZE;
            case "SUBJECT" -> SortKey.SUBJECT;
            case "TO" -> SortKey.TO;
            case "DISPLAYFROM" -> SortKey.DISPLAYFROM;
            case "DISPLAYTO" -> SortKey.DISPLAYTO;
            default -> throw new SyntaxException("unknown sort key");
        };
    }
}
