package org.mailstore.imapd.search;

import org.mailstore.store.BlobMetadata;
import org.mailstore.store.MessageView;

/**
 * One message as SEARCH sees it.
 *
 * @param sequence its message sequence number in the session (1-based)
 * @param view     its listing data: UID, flags, internal date, size
 * @param recent   whether it is \Recent in this session
 * @param metadata its cached metadata: needed when {@link SearchEvaluator#detail()} is not NONE (the header
 *                 for HEADER/FROM/SUBJECT/SENT*, the part offsets for BODY/TEXT), else may be null
 * @param body     opens its bytes; used only for BODY and TEXT keys, may be null when {@link SearchEvaluator#needsBody()} is false
 */
public record SearchInput(long sequence, MessageView view, boolean recent, BlobMetadata metadata, BodyReader body) {}
