package org.mailstore.store;

import java.time.Instant;

/** One message as listed from the database: everything but its bytes. {@code blobHash} is lowercase hex SHA-256. */
public record MessageView(long uid, long modseq, Flags flags, Instant internalDate, long size, String blobHash) {}
