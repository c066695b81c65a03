package org.mailstore.store;

import java.util.List;

/** Source and destination UIDs of a copy or move, in ascending source order, for COPYUID (RFC 4315). */
public record CopyResult(long destinationUidValidity, List<Long> sourceUids, List<Long> destinationUids) {}
