package org.mailstore.store;

/**
 * What happened to one recipient: where the message went ({@code failure} null), or why not. LMTP
 * answers each recipient from its own outcome (RFC 2033 §4.2).
 */
public record DeliveryOutcome(Recipient recipient, String mailbox, long uidValidity, long uid, String blobHash,
                              StoreException failure) {
    public boolean delivered() {
        return failure == null;
    }

    static DeliveryOutcome failed(Recipient r, StoreException e) {
        return new DeliveryOutcome(r, null, 0, 0, null, e);
    }
}
