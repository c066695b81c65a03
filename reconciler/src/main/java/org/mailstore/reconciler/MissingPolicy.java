package org.mailstore.reconciler;

/** What a repair does with message rows whose blob is missing from the tree. */
public enum MissingPolicy {
    /** Keep the rows (clients get an error when they read the body) and list them; restore the blobs, then reconcile again. */
    REPORT,
    /** Remove the rows through the store's normal expunge path (QRESYNC record, quota, journal, notifications). */
    EXPUNGE
}
