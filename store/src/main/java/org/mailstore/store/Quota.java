package org.mailstore.store;

/** An account's limits (null = unlimited) and usage, in bytes and messages. */
public record Quota(Long storageLimit, Long messageLimit, long storageUsed, long messagesUsed) {}
