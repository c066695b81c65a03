package org.mailstore.imapd.command;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/** One parsed IMAP command, without its tag. The {@code uid} component marks the UID form of a command. */
public sealed interface ImapCommand {

    // Any state (RFC 9051 §6.1)
    record Capability() implements ImapCommand {}
    record Noop() implements ImapCommand {}
    record Logout() implements ImapCommand {}
    /** RFC 2971; {@code parameters} is null for {@code ID NIL}. Keys and values are bounded by the parser. */
    record Id(Map<String, String> parameters) implements ImapCommand {}

    // Not authenticated (§6.2)
    /** RFC 9051 §6.2.1. */
    record StartTls() implements ImapCommand {}
    record Login(String user, String password) implements ImapCommand {}
    /** {@code initialResponse} is the decoded SASL-IR (RFC 4959); present but empty for {@code =}. */
    record Authenticate(String mechanism, Optional<byte[]> initialResponse) implements ImapCommand {}

    // Authenticated (§6.3)
    /** RFC 4978 COMPRESS; {@code mechanism} upper-cased (only DEFLATE exists). */
    record Compress(String mechanism) implements ImapCommand {}
    /** RFC 8437: back to the not-authenticated state, as on a new connection (TLS stays). */
    record Unauthenticate() implements ImapCommand {}
    record Enable(List<String> capabilities) implements ImapCommand {}
    /**
     * SELECT, or EXAMINE when {@code readOnly}; {@code condstore}: the (CONDSTORE) parameter (RFC 7162 §3.1.8);
     * {@code qresync}: the (QRESYNC (...)) parameter (RFC 7162 §3.2.5).
     */
    record Select(String mailbox, boolean readOnly, boolean condstore, Optional<Qresync> qresync) implements ImapCommand {
        public Select(String mailbox, boolean readOnly) {
            this(mailbox, readOnly, false);
        }

        public Select(String mailbox, boolean readOnly, boolean condstore) {
            this(mailbox, readOnly, condstore, Optional.empty());
        }
    }

    /**
     * What a client knew of a mailbox (RFC 7162 §3.2.5): its UIDVALIDITY, the MODSEQ it had seen, and optionally
     * the UIDs it knows; its sequence-match data is parsed and not kept (the expunged table answers exactly).
     */
    record Qresync(long uidValidity, long modseq, Optional<SequenceSet> knownUids) {}
    /**
     * CREATE; {@code specialUse} holds the attributes of {@code (USE (...))} (RFC 6154 §3, CREATE-SPECIAL-USE), as
     * sent but with the system ones in their usual case; empty without it.
     */
    record Create(String mailbox, List<String> specialUse) implements ImapCommand {
        public Create {
            specialUse = List.copyOf(specialUse);
        }

        public Create(String mailbox) {
            this(mailbox, List.of());
        }
    }
    record Delete(String mailbox) implements ImapCommand {}
    record Rename(String from, String to) implements ImapCommand {}
    record Subscribe(String mailbox) implements ImapCommand {}
    record Unsubscribe(String mailbox) implements ImapCommand {}
    /**
     * LIST in all its forms (RFC 3501, RFC 5258 LIST-EXTENDED, RFC 6154, RFC 5819 LIST-STATUS); {@code lsub} marks
     * the LSUB command, which has no options. {@code statusItems} is empty unless RETURN (STATUS (...)) was given.
     */
    record ListMailboxes(String reference, List<String> patterns, Set<ListSelection> selection,
                         Set<ListReturn> returns, List<StatusItem> statusItems, boolean lsub) implements ImapCommand {}
    record Namespace() implements ImapCommand {}
    record Status(String mailbox, List<StatusItem> items) implements ImapCommand {}
    /**
     * APPEND up to its message literal, which the parser does not read: the session streams {@code size} bytes
     * (after sending a continuation request when {@code synchronizing}) and then reads the rest of the line.
     */
    record Append(String mailbox, List<String> flags, Optional<OffsetDateTime> internalDate, long size,
                  boolean synchronizing) implements ImapCommand {}
    record Idle() implements ImapCommand {}
    /** RFC 9208 §4.1.1: the usage and limits of one quota root. */
    record GetQuota(String root) implements ImapCommand {}
    /** RFC 9208 §4.1.2: the quota roots of a mailbox, and each root's usage and limits. */
    record GetQuotaRoot(String mailbox) implements ImapCommand {}
    /**
     * RFC 9208 §4.1.3: new limits for a quota root, by resource name upper-cased, each given once; resources not
     * named lose their limit.
     */
    record SetQuota(String root, Map<String, Long> limits) implements ImapCommand {
        public SetQuota {
            limits = Map.copyOf(limits);
        }
    }

    // Selected (§6.4)
    record Check() implements ImapCommand {}
    record Close() implements ImapCommand {}
    record Unselect() implements ImapCommand {}
    /** EXPUNGE, or UID EXPUNGE (RFC 4315) when {@code uids} is present. */
    record Expunge(Optional<SequenceSet> uids) implements ImapCommand {}
    /**
     * SEARCH; {@code returns} non-empty means ESEARCH form (RFC 4731, IMAP4rev2) — an empty {@code RETURN ()} is
     * normalised to {@code ALL} by the parser, and {@code esearch} is true whenever RETURN was given.
     * {@code charset} is the CHARSET name upper-cased, as given: the session refuses one outside
     * {@link #CHARSETS} with {@code NO [BADCHARSET]} (RFC 9051 §6.4.4), so the parser does not reject it; the
     * strings of such a command are carried as ISO-8859-1 and never searched.
     */
    record Search(boolean uid, Optional<String> charset, SearchKey criteria, Set<SearchReturn> returns,
                  boolean esearch) implements ImapCommand {
        /** The charsets SEARCH decodes (strings are UTF-8; US-ASCII is a check on top). */
        public static final List<String> CHARSETS = List.of("UTF-8", "US-ASCII");

        public boolean charsetSupported() {
            return charset.isEmpty() || CHARSETS.contains(charset.get());
        }
    }
    /**
     * FETCH; macros (ALL, FAST, FULL) are already expanded. {@code changedSince}: the CHANGEDSINCE modifier
     * (RFC 7162 §3.1.4), which also adds MODSEQ to the items; {@code vanished}: its VANISHED companion (QRESYNC,
     * §3.2.6), only with CHANGEDSINCE and UID FETCH.
     */
    record Fetch(boolean uid, SequenceSet messages, List<FetchAttribute> attributes, OptionalLong changedSince,
                 boolean vanished) implements ImapCommand {
        public Fetch(boolean uid, SequenceSet messages, List<FetchAttribute> attributes) {
            this(uid, messages, attributes, OptionalLong.empty());
        }

        public Fetch(boolean uid, SequenceSet messages, List<FetchAttribute> attributes, OptionalLong changedSince) {
            this(uid, messages, attributes, changedSince, false);
        }
    }
    /** STORE; {@code unchangedSince}: the UNCHANGEDSINCE modifier (RFC 7162 §3.1.3). */
    record Store(boolean uid, SequenceSet messages, StoreMode mode, boolean silent, List<String> flags,
                 OptionalLong unchangedSince) implements ImapCommand {
        public Store(boolean uid, SequenceSet messages, StoreMode mode, boolean silent, List<String> flags) {
            this(uid, messages, mode, silent, flags, OptionalLong.empty());
        }
    }
    /**
     * SORT (RFC 5256 §3, RFC 5957 DISPLAYFROM/DISPLAYTO): the sort program, most significant first, and the search
     * whose matches it orders ({@code search} carries the command's mandatory charset and no RETURN options).
     */
    record Sort(boolean uid, List<SortCriterion> criteria, Search search) implements ImapCommand {
        public Sort {
            criteria = List.copyOf(criteria);
        }
    }
    /** THREAD (RFC 5256 §3): the algorithm and the search whose matches it threads, as for {@link Sort}. */
    record Thread(boolean uid, ThreadAlgorithm algorithm, Search search) implements ImapCommand {}
    record Copy(boolean uid, SequenceSet messages, String mailbox) implements ImapCommand {}
    record Move(boolean uid, SequenceSet messages, String mailbox) implements ImapCommand {}

    enum StoreMode { REPLACE, ADD, REMOVE }

    /** One SORT key; {@code reverse} is the REVERSE that preceded it. */
    record SortCriterion(SortKey key, boolean reverse) {}

    enum SortKey { ARRIVAL, CC, DATE, FROM, SIZE, SUBJECT, TO, DISPLAYFROM, DISPLAYTO }

    enum ThreadAlgorithm { ORDEREDSUBJECT, REFERENCES }

    enum ListSelection { SUBSCRIBED, REMOTE, RECURSIVEMATCH, SPECIAL_USE }

    enum ListReturn { SUBSCRIBED, CHILDREN, SPECIAL_USE, STATUS }

    /** RFC 9051 items, SIZE (RFC 8438), MAILBOXID (RFC 8474), APPENDLIMIT (RFC 7889) and HIGHESTMODSEQ (RFC 7162). */
    enum StatusItem { MESSAGES, RECENT, UIDNEXT, UIDVALIDITY, UNSEEN, DELETED, SIZE, MAILBOXID, APPENDLIMIT, HIGHESTMODSEQ }

    enum SearchReturn { MIN, MAX, ALL, COUNT, SAVE }
}
