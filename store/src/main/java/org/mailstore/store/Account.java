package org.mailstore.store;

import java.time.Instant;

public record Account(long id, String address, boolean disabled, Instant createdAt) {}
