package org.mailstore.store;

import java.time.Instant;
import org.mailstore.store.mime.SortKeys;

/** One message as {@link Messages#sortKeys} streams it: what SORT and THREAD order by, and nothing else. */
public record SortRow(long uid, Instant internalDate, long size, SortKeys keys) {}
