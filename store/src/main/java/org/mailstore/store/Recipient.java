package org.mailstore.store;

/**
 * One envelope recipient of a delivery. {@code mailbox} null means INBOX, unless the address has a
 * {@code +detail} naming an existing mailbox (see {@link Delivery}).
 */
public record Recipient(String address, String mailbox) {
    public Recipient(String address) {
        this(address, null);
    }
}
