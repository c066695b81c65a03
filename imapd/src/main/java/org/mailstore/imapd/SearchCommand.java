package org.mailstore.imapd;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.LongStream;
import org.mailstore.imapd.command.ImapCommand;
import org.mailstore.imapd.command.ImapCommand.SearchReturn;
import org.mailstore.imapd.command.SearchKey;
import org.mailstore.imapd.search.FlagPrefilter;
import org.mailstore.imapd.search.HeaderPrefilter;
import org.mailstore.imapd.search.SavedDateResolver;
import org.mailstore.imapd.search.SearchEvaluator;
import org.mailstore.imapd.search.SearchInput;
import org.mailstore.imapd.search.TextPrefilter;
import org.mailstore.store.Account;
import org.mailstore.store.Flags;
import org.mailstore.store.HeaderSubstring;
import org.mailstore.store.MessageView;
import org.mailstore.store.Messages;
import org.mailstore.store.StoreException;

/**
 * SEARCH and UID SEARCH (RFC 9051 §6.4.4), with ESEARCH result options (RFC 4731) and SEARCHRES (RFC 5182). When the
 * criteria require or exclude system flags at the top ({@link FlagPrefilter}), strings in header fields
 * ({@link HeaderPrefilter}) or BODY/TEXT strings ({@link TextPrefilter}, through the pg_trgm index), PostgreSQL first narrows the UIDs to the messages that may match; the scan then reads message rows (with as much cached metadata as the criteria need, and blob ranges only for BODY and
 * TEXT) in one streamed store call; {@link SearchEvaluator} decides per message. IMAP4rev2
 * sessions always get ESEARCH responses; IMAP4rev1 sessions get them when they gave RETURN.
 *
 * <p>SAVEDBEFORE/SAVEDON/SAVEDSINCE (RFC 8514) become UID sets by one PostgreSQL query each before the evaluator is
 * built ({@link SavedDateResolver}); OLDER/YOUNGER (RFC 5032) are measured from one instant per command; EMAILID
 * (RFC 8474) derives each candidate's id from its blob hash ({@link ObjectIds}), one SHA-256 per message.
 */
final class SearchCommand {
    private SearchCommand() {}

    static String search(ImapSession s, String tag, ImapCommand.Search c) throws IOException, BadCommandException {
        boolean save = c.returns().contains(SearchReturn.SAVE);
        if (!c.charsetSupported()) {
            if (save) s.selected.saved(new long[0]);
            return ImapErrors.BAD_CHARSET;
        }
        try {
            return run(s, tag, c);
        } catch (StoreException e) {
            // RFC 5182 §2.1: a SEARCH with SAVE answered NO leaves $ empty (a BAD one leaves it as it was)
            if (save) s.selected.saved(new long[0]);
            throw e;
        }
    }

    private static String run(ImapSession s, String tag, ImapCommand.Search c) throws IOException, BadCommandException {
        String name = c.uid() ? "UID SEARCH" : "SEARCH";
        SelectedMailbox box = s.selected;
        Matches found = matches(s, c);
        long[] uids = found.uids();
        SearchKey criteria = found.criteria();
        // RFC 7162 §3.1.5: a search with MODSEQ answers with the highest MODSEQ of what it found (none when empty)
        boolean withModseq = mentionsModseq(criteria);
        if (withModseq) s.enableCondstore();
        long modseq = withModseq && uids.length > 0 ? found.highestModseq() : 0;
        long[] numbers = c.uid() ? uids : LongStream.of(uids).map(box.uids::seq).toArray();
        Set<SearchReturn> returns = c.returns();
        if (returns.contains(SearchReturn.SAVE)) box.saved(saved(uids, returns));
        if (c.esearch() || s.imap4rev2) {
            if (returns.equals(Set.of(SearchReturn.SAVE))) return "OK " + name + " completed.";
            writeEsearch(s, tag, c.uid(), numbers, returns.isEmpty() ? Set.of(SearchReturn.ALL) : returns, modseq);
        } else {
            s.out.atom("* SEARCH");
            for (long n : numbers) s.out.sp().number(n);
            if (modseq > 0) s.out.atom(" (MODSEQ ").number(modseq).atom(")");
            s.out.crlf();
        }
        return "OK " + name + " completed.";
    }

    /** What a search found: the matching UIDs ascending, the criteria as evaluated, and the highest MODSEQ among them. */
    record Matches(long[] uids, SearchKey criteria, long highestModseq) {}

    /** The selected mailbox's messages that match {@code c}'s criteria; SORT and THREAD order these. */
    static Matches matches(ImapSession s, ImapCommand.Search c) throws IOException {
        SelectedMailbox box = s.selected;
        long[] all = box.uids.toArray();
        ZoneId zone = ZoneId.systemDefault();
        SearchKey criteria = SavedDateResolver.resolve(c.criteria(), zone,
                (from, to) -> s.store.messages().uidsSavedBetween(s.account, box.id, from, to));
        SearchEvaluator evaluator = new SearchEvaluator(criteria, all, box.saved(), zone, Instant.now(),
                hash -> ObjectIds.emailId(s.account.id(), hash));
        long[] candidates = candidates(s.store.messages(), s.account, box.id, criteria, all);
        LongStream.Builder hits = LongStream.builder();
        long[] highestHit = new long[1];
        try {
            s.store.messages().fetch(s.account, box.id, candidates, evaluator.detail(), row -> {
                MessageView v = row.view();
                String hash = v.blobHash();
                SearchInput input = new SearchInput(box.uids.seq(v.uid()), v, box.isRecent(v.uid()), row.metadata(),
                        (offset, length) -> s.store.messages().open(hash, offset, length));
                try {
                    if (evaluator.matches(input)) {
                        hits.add(v.uid());
                        highestHit[0] = Math.max(highestHit[0], v.modseq());
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return new Matches(hits.build().toArray(), criteria, highestHit[0]);
    }

    /** The session's UIDs PostgreSQL cannot rule out on flags, header strings and text; all of them when none applies. */
    static long[] candidates(Messages messages, Account account, long mailboxId, SearchKey criteria, long[] all) {
        Optional<FlagPrefilter> flags = FlagPrefilter.of(criteria);
        List<HeaderSubstring> header = HeaderPrefilter.of(criteria);
        List<String> text = TextPrefilter.of(criteria);
        if (flags.isEmpty() && header.isEmpty() && text.isEmpty()) return all;
        Flags with = flags.map(FlagPrefilter::with).orElse(Flags.NONE);
        Flags without = flags.map(FlagPrefilter::without).orElse(Flags.NONE);
        return intersection(all, messages.candidateUids(account, mailboxId, with, without, header, text, all.length));
    }

    /** The UIDs in both ascending arrays, ascending: the session's map limits what the store's filter found. */
    private static long[] intersection(long[] a, long[] b) {
        LongStream.Builder out = LongStream.builder();
        for (int i = 0, j = 0; i < a.length && j < b.length; ) {
            if (a[i] < b[j]) i++;
            else if (a[i] > b[j]) j++;
            else {
                out.add(a[i]);
                i++;
                j++;
            }
        }
        return out.build().toArray();
    }

    /** RFC 5182 §2.1: with MIN or MAX (and not ALL or COUNT) only those are saved. */
    private static long[] saved(long[] uids, Set<SearchReturn> returns) {
        if (uids.length == 0 || returns.contains(SearchReturn.ALL) || returns.contains(SearchReturn.COUNT)) return uids;
        boolean min = returns.contains(SearchReturn.MIN), max = returns.contains(SearchReturn.MAX);
        if (!min && !max) return uids;
        if (min && max && uids.length > 1) return new long[] {uids[0], uids[uids.length - 1]};
        return new long[] {min ? uids[0] : uids[uids.length - 1]};
    }

    /** Whether any part of the criteria is a MODSEQ key. */
    static boolean mentionsModseq(SearchKey key) {
        return switch (key) {
            case SearchKey.ModSeq m -> true;
            case SearchKey.And and -> and.keys().stream().anyMatch(SearchCommand::mentionsModseq);
            case SearchKey.Or or -> mentionsModseq(or.left()) || mentionsModseq(or.right());
            case SearchKey.Not not -> mentionsModseq(not.key());
            default -> false;
        };
    }

    private static void writeEsearch(ImapSession s, String tag, boolean uid, long[] numbers, Set<SearchReturn> returns,
                                     long modseq) throws IOException {
        ResponseWriter out = s.out;
        out.atom("* ESEARCH (TAG ").string(tag).atom(")");
        if (uid) out.atom(" UID");
        if (numbers.length > 0) {
            long[] sorted = numbers.clone();
            java.util.Arrays.sort(sorted);
            if (returns.contains(SearchReturn.MIN)) out.atom(" MIN ").number(sorted[0]);
            if (returns.contains(SearchReturn.MAX)) out.atom(" MAX ").number(sorted[sorted.length - 1]);
            if (returns.contains(SearchReturn.ALL)) out.atom(" ALL ").atom(Responses.set(sorted));
        }
        if (returns.contains(SearchReturn.COUNT)) out.atom(" COUNT ").number(numbers.length);
        if (modseq > 0) out.atom(" MODSEQ ").number(modseq);
        out.crlf();
    }
}
