package org.mailstore.imapd.command;

import java.time.LocalDate;
import java.util.List;

/**
 * A SEARCH criterion tree (RFC 9051 §6.4.4). The parser reduces synonyms: FROM/TO/CC/BCC/SUBJECT become
 * {@link Header}; SEEN/UNSEEN/ANSWERED/... and KEYWORD/UNKEYWORD become {@link FlagSet}; NEW is
 * {@code And(Recent, FlagSet(\Seen, false))} and OLD is {@code Not(Recent)}; a top-level list is {@link And}.
 * Strings are decoded (CHARSET UTF-8 or US-ASCII) and compared as case-insensitive substrings.
 */
public sealed interface SearchKey {
    record All() implements SearchKey {}
    record And(List<SearchKey> keys) implements SearchKey {
        public And {
            keys = List.copyOf(keys);
        }
    }
    record Or(SearchKey left, SearchKey right) implements SearchKey {}
    record Not(SearchKey key) implements SearchKey {}
    /** Message sequence numbers, or UIDs for the {@code UID} key. */
    record Messages(SequenceSet set, boolean uid) implements SearchKey {}
    /** A system flag (e.g. {@code \Seen}) or keyword that must be set ({@code set}) or not set. */
    record FlagSet(String flag, boolean set) implements SearchKey {}
    record Recent() implements SearchKey {}
    /** BEFORE/ON/SINCE compare the internal date; SENTBEFORE/SENTON/SENTSINCE the Date: header ({@code sent}). */
    record DateCompare(boolean sent, Comparison comparison, LocalDate date) implements SearchKey {}
    /**
     * OLDER ({@code older}) or YOUNGER than {@code seconds} (RFC 5032 WITHIN), measured from the internal date to the
     * moment the command runs.
     */
    record Age(boolean older, long seconds) implements SearchKey {}
    /**
     * SAVEDBEFORE/SAVEDON/SAVEDSINCE (RFC 8514): the date the message was saved into the mailbox, in the server's
     * time zone, as BEFORE/ON/SINCE take the internal date's.
     */
    record SavedDate(Comparison comparison, LocalDate date) implements SearchKey {}
    /** SAVEDATESUPPORTED (RFC 8514): every message, since every mailbox keeps save dates. */
    record SaveDateSupported() implements SearchKey {}
    /** EMAILID (RFC 8474): the message whose EMAILID is {@code id}. */
    record EmailId(String id) implements SearchKey {}
    /** THREADID (RFC 8474); the server does not thread, so no message matches. */
    record ThreadId(String id) implements SearchKey {}
    /**
     * MODSEQ (RFC 7162 §3.1.5): messages whose MODSEQ is at least {@code modseq}. An entry name and type, if given,
     * are dropped: MODSEQs are kept per message, not per flag, which the RFC allows.
     */
    record ModSeq(long modseq) implements SearchKey {}
    /** LARGER ({@code larger}) or SMALLER than {@code size} octets. */
    record Size(boolean larger, long size) implements SearchKey {}
    /** HEADER field value; an empty value matches every message that has the field. */
    record Header(String field, String value) implements SearchKey {}
    record Body(String value) implements SearchKey {}
    /** Header or body. */
    record Text(String value) implements SearchKey {}

    enum Comparison { BEFORE, ON, SINCE }
}
