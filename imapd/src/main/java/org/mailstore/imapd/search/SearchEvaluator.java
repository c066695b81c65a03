package org.mailstore.imapd.search;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.mailstore.imapd.command.SearchKey;
import org.mailstore.store.mime.HeaderFields;
import org.mailstore.store.Flags;
import org.mailstore.store.Messages;

/**
 * Evaluates one SEARCH criterion tree, message by message. Built once per command (sequence sets resolved, strings
 * folded, cheap keys ordered before costly ones), then {@link #matches} is called for each candidate.
 *
 * <p>What each key reads, so that flags, dates, sizes and headers come from the database (DESIGN.md invariant 3):
 * <ul>
 *   <li>sequence sets, UID, flags, keywords, \Recent, BEFORE/ON/SINCE, OLDER/YOUNGER, LARGER/SMALLER, EMAILID:
 *       the {@code MessageView};</li>
 *   <li>HEADER, FROM, TO, CC, BCC, SUBJECT, SENTBEFORE/SENTON/SENTSINCE: the cached top-level header
 *       ({@code Messages.Detail.HEADER}); encoded-words are decoded before matching;</li>
 *   <li>BODY and TEXT: the blob, through {@link BodyReader}, once per message however many such keys there are,
 *       and only when the cheaper keys have not already decided ({@code Messages.Detail.FULL}).</li>
 * </ul>
 * BEFORE/ON/SINCE take the internal date's calendar date in the server's zone (given), as Dovecot does: the
 * store keeps the instant, not the zone the message arrived with. SENT* take the Date: header's date as written
 * (see {@link SentDate}); a message without a readable Date: matches none of them. TEXT searches the top-level
 * header fields ({@code name: value}, decoded) and the body text. Strings match as case-insensitive substrings
 * (see {@link Needle}). Header keys see the cached header, which holds the first
 * {@code MessageParser.MAX_HEADER_BYTES} of a longer one: fields beyond that are not searched.
 *
 * <p>{@link #matches} keeps no state between calls; an evaluator serves one session's command.
 */
public final class SearchEvaluator {
    private final Node root;
    private final List<Needle> bodyNeedles = new ArrayList<>();
    private final Map<String, Integer> bodyNeedleIndex = new LinkedHashMap<>();
    private final ZoneId zone;
    private final Instant now;
    private final UnaryOperator<String> emailIdOfBlob;
    private final long[] uids;
    private final long[] savedUids;
    private boolean usesHeader;

    /**
     * @param criteria  the parsed criteria
     * @param uids      the session's UID map: {@code uids[n-1]} is the UID of message n, ascending
     * @param savedUids the result saved by {@code SEARCH RETURN (SAVE)} as UIDs, ascending; empty if none
     * @param zone      the server's time zone, for BEFORE/ON/SINCE
     */
    public SearchEvaluator(SearchKey criteria, long[] uids, long[] savedUids, ZoneId zone) {
        this(criteria, uids, savedUids, zone, Instant.now(), null);
    }

    /**
     * @param now           the moment OLDER and YOUNGER (RFC 5032) measure from: one instant for the whole command
     * @param emailIdOfBlob the EMAILID (RFC 8474) of a message from its blob hash, for the EMAILID key; may be null
     *                      when the criteria hold none
     */
    public SearchEvaluator(SearchKey criteria, long[] uids, long[] savedUids, ZoneId zone, Instant now,
                           UnaryOperator<String> emailIdOfBlob) {
        this.zone = zone;
        this.now = now;
        this.emailIdOfBlob = emailIdOfBlob;
        this.uids = uids;
        this.savedUids = savedUids;
        this.root = compile(criteria);
    }

    /** How much cached metadata {@link SearchInput#metadata()} must carry. */
    public Messages.Detail detail() {
        if (needsBody()) return Messages.Detail.FULL;
        return usesHeader ? Messages.Detail.HEADER : Messages.Detail.NONE;
    }

    /** Whether any key reads the header: then {@link SearchInput#metadata()} is required. */
    public boolean needsMetadata() {
        return detail() != Messages.Detail.NONE;
    }

    /** Whether any key may read the blob (BODY, TEXT): then {@link SearchInput#body()} is required. */
    public boolean needsBody() {
        return !bodyNeedles.isEmpty();
    }

    public static boolean needsMetadata(SearchKey key) {
        return new SearchEvaluator(key, new long[0], new long[0], ZoneId.of("UTC")).needsMetadata();
    }

    public static boolean needsBody(SearchKey key) {
        return new SearchEvaluator(key, new long[0], new long[0], ZoneId.of("UTC")).needsBody();
    }

    public boolean matches(SearchInput input) throws IOException {
        return root.test(new Evaluation(input));
    }

    // ---- compilation

    private Node compile(SearchKey key) {
        return switch (key) {
            case SearchKey.All a -> new Constant(true);
            case SearchKey.And and -> {
                List<Node> children = new ArrayList<>(and.keys().stream().map(this::compile).toList());
                children.sort(Comparator.comparingInt(Node::cost));
                yield new AllOf(children);
            }
            case SearchKey.Or or -> {
                Node l = compile(or.left());
                Node r = compile(or.right());
                yield l.cost() <= r.cost() ? new AnyOf(l, r) : new AnyOf(r, l);
            }
            case SearchKey.Not not -> new NoneOf(compile(not.key()));
            case SearchKey.Messages m -> messages(m);
            case SearchKey.FlagSet f -> new FlagIs(f.flag().toLowerCase(Locale.ROOT), f.set());
            case SearchKey.Recent r -> new IsRecent();
            case SearchKey.DateCompare d -> {
                if (d.sent()) usesHeader = true;
                yield new DateIs(d.sent(), d.comparison(), d.date(), zone);
            }
            case SearchKey.SavedDate d -> new Unresolved("SAVEDBEFORE/SAVEDON/SAVEDSINCE");
            case SearchKey.SaveDateSupported x -> new Constant(true);
            case SearchKey.EmailId id -> emailIdOfBlob == null ? new Unresolved("EMAILID") : new EmailIdIs(id.id(), emailIdOfBlob);
            case SearchKey.ThreadId id -> new Constant(false);
            case SearchKey.Age a -> new AgeIs(a.older(), now.minusSeconds(a.seconds()));
            case SearchKey.Size s -> new SizeIs(s.larger(), s.size());
            case SearchKey.ModSeq m -> new ModSeqAtLeast(m.modseq());
            case SearchKey.Header h -> {
                usesHeader = true;
                yield new HeaderHas(h.field(), new Needle(h.value()));
            }
            case SearchKey.Body b -> new BodyHas(bodyNeedle(b.value()));
            case SearchKey.Text t -> {
                usesHeader = true;
                yield new TextHas(new Needle(t.value()), bodyNeedle(t.value()));
            }
        };
    }

    private Node messages(SearchKey.Messages m) {
        if (m.set().saved()) return new InSet(MessageSet.ofUids(savedUids), true);
        long star = m.uid() ? (uids.length == 0 ? 0 : uids[uids.length - 1]) : uids.length;
        return new InSet(MessageSet.of(m.set(), star), m.uid());
    }

    private int bodyNeedle(String text) {
        return bodyNeedleIndex.computeIfAbsent(text, t -> {
            bodyNeedles.add(new Needle(t));
            return bodyNeedles.size() - 1;
        });
    }

    // ---- evaluation

    /** One message's evaluation: the header parsed and the body searched at most once, and only when reached. */
    private final class Evaluation {
        final SearchInput in;
        HeaderFields header;
        String headerText;
        boolean[] bodyFound;

        Evaluation(SearchInput in) {
            this.in = in;
        }

        HeaderFields header() {
            if (header == null) {
                if (in.metadata() == null) throw new IllegalStateException("this search needs the cached header");
                header = HeaderFields.parse(in.metadata().header());
            }
            return header;
        }

        String headerText() {
            if (headerText == null) {
                StringBuilder sb = new StringBuilder();
                for (HeaderFields.Field f : header().fields()) {
                    sb.append(f.name()).append(": ").append(HeaderFields.decode(f.value())).append('\n');
                }
                headerText = sb.toString();
            }
            return headerText;
        }

        boolean bodyHas(int needle) throws IOException {
            if (bodyFound == null) {
                bodyFound = new boolean[bodyNeedles.size()];
                boolean all = true;
                for (int i = 0; i < bodyFound.length; i++) {
                    bodyFound[i] = bodyNeedles.get(i).isEmpty();
                    all &= bodyFound[i];
                }
                if (!all) {
                    if (in.metadata() == null || in.metadata().parts() == null || in.body() == null) {
                        throw new IllegalStateException("this search needs the part offsets and the message body");
                    }
                    BodyText.search(in.metadata(), in.body(), bodyNeedles, bodyFound);
                }
            }
            return bodyFound[needle];
        }
    }

    /** Cost classes order AND and OR operands: listing data, then the cached header, then the blob. */
    private static final int FREE = 0;
    private static final int HEADER = 1;
    private static final int BLOB = 2;

    private sealed interface Node {
        boolean test(Evaluation e) throws IOException;

        int cost();
    }

    private record Constant(boolean value) implements Node {
        public boolean test(Evaluation e) {
            return value;
        }

        public int cost() {
            return FREE;
        }
    }

    /**
     * A key that needs what this evaluator was not given: SAVED* keys, which {@link SavedDateResolver} turns into UID
     * sets before the evaluator is built, or EMAILID without the function that derives it; a bug of the caller.
     */
    private record Unresolved(String key) implements Node {
        public boolean test(Evaluation e) {
            throw new IllegalStateException(key + " must be resolved before evaluation (SavedDateResolver)");
        }

        public int cost() {
            return FREE;
        }
    }

    private record AllOf(List<Node> children) implements Node {
        public boolean test(Evaluation e) throws IOException {
            for (Node n : children) {
                if (!n.test(e)) return false;
            }
            return true;
        }

        public int cost() {
            return children.stream().mapToInt(Node::cost).max().orElse(FREE);
        }
    }

    private record AnyOf(Node first, Node second) implements Node {
        public boolean test(Evaluation e) throws IOException {
            return first.test(e) || second.test(e);
        }

        public int cost() {
            return Math.max(first.cost(), second.cost());
        }
    }

    private record NoneOf(Node child) implements Node {
        public boolean test(Evaluation e) throws IOException {
            return !child.test(e);
        }

        public int cost() {
            return child.cost();
        }
    }

    private record InSet(MessageSet set, boolean byUid) implements Node {
        public boolean test(Evaluation e) {
            return set.contains(byUid ? e.in.view().uid() : e.in.sequence());
        }

        public int cost() {
            return FREE;
        }
    }

    private record FlagIs(String flag, boolean set) implements Node {
        public boolean test(Evaluation e) {
            Flags f = e.in.view().flags();
            boolean has = switch (flag) {
                case "\\seen" -> f.seen();
                case "\\answered" -> f.answered();
                case "\\flagged" -> f.flagged();
                case "\\deleted" -> f.deleted();
                case "\\draft" -> f.draft();
                case "\\recent" -> e.in.recent();
                default -> !flag.startsWith("\\") && f.keywords().stream().anyMatch(k -> k.equalsIgnoreCase(flag));
            };
            return has == set;
        }

        public int cost() {
            return FREE;
        }
    }

    private record IsRecent() implements Node {
        public boolean test(Evaluation e) {
            return e.in.recent();
        }

        public int cost() {
            return FREE;
        }
    }

    private record DateIs(boolean sent, SearchKey.Comparison comparison, LocalDate date, ZoneId zone) implements Node {
        public boolean test(Evaluation e) {
            Optional<LocalDate> d = sent
                    ? e.header().first("Date").flatMap(SentDate::parse)
                    : Optional.of(e.in.view().internalDate().atZone(zone).toLocalDate());
            if (d.isEmpty()) return false;
            return switch (comparison) {
                case BEFORE -> d.get().isBefore(date);
                case ON -> d.get().isEqual(date);
                case SINCE -> !d.get().isBefore(date);
            };
        }

        public int cost() {
            return sent ? HEADER : FREE;
        }
    }

    /**
     * OLDER: internal date at or before {@code limit}; YOUNGER: at or after it. Both hold at the limit itself, as in
     * Dovecot, which reads OLDER n as BEFORE (now - n + 1 s) and YOUNGER n as SINCE (now - n).
     */
    private record AgeIs(boolean older, Instant limit) implements Node {
        public boolean test(Evaluation e) {
            Instant d = e.in.view().internalDate();
            return older ? !d.isAfter(limit) : !d.isBefore(limit);
        }

        public int cost() {
            return FREE;
        }
    }

    /** Object ids are case-sensitive (RFC 8474 §4). */
    private record EmailIdIs(String id, UnaryOperator<String> emailIdOfBlob) implements Node {
        public boolean test(Evaluation e) {
            return id.equals(emailIdOfBlob.apply(e.in.view().blobHash()));
        }

        public int cost() {
            return FREE;
        }
    }

    /** RFC 7162 §3.1.5: MODSEQ n matches messages whose MODSEQ is n or above. */
    private record ModSeqAtLeast(long modseq) implements Node {
        public boolean test(Evaluation e) {
            return e.in.view().modseq() >= modseq;
        }

        public int cost() {
            return FREE;
        }
    }

    private record SizeIs(boolean larger, long size) implements Node {
        public boolean test(Evaluation e) {
            long s = e.in.view().size();
            return larger ? s > size : s < size;
        }

        public int cost() {
            return FREE;
        }
    }

    private record HeaderHas(String field, Needle needle) implements Node {
        public boolean test(Evaluation e) {
            for (String value : e.header().values(field)) {
                if (needle.foundIn(HeaderFields.decode(value))) return true;
            }
            return false;
        }

        public int cost() {
            return HEADER;
        }
    }

    private record BodyHas(int needle) implements Node {
        public boolean test(Evaluation e) throws IOException {
            return e.bodyHas(needle);
        }

        public int cost() {
            return BLOB;
        }
    }

    private record TextHas(Needle header, int body) implements Node {
        public boolean test(Evaluation e) throws IOException {
            return header.foundIn(e.headerText()) || e.bodyHas(body);
        }

        public int cost() {
            return BLOB;
        }
    }
}
