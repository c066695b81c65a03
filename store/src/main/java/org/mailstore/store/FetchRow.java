package org.mailstore.store;

/**
 * One message as streamed by {@link Messages#fetch}: its listing data and, when asked for, what the
 * database caches about its bytes. {@code metadata} is null for {@link Messages.Detail#NONE}.
 */
public record FetchRow(MessageView view, BlobMetadata metadata) {}
