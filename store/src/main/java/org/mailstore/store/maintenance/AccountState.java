package org.mailstore.store.maintenance;

/** An account as the reconciler sees it: its id, address and the highest UIDVALIDITY it has handed out. */
public record AccountState(long id, String address, long lastUidValidity) {}
