/**
 * The database side of the reconciler and the blob garbage collector: every query and repair they
 * need, in jOOQ with bound values, so that all SQL stays in the store (DESIGN.md, Modules). The
 * reconciler module decides what to repair; these classes read and write.
 *
 * <p>Scans that may cover millions of rows ({@link BlobScan}, {@link MailboxContents}) stream
 * through a server-side cursor and must be closed. Repairs take the store's lock order (an
 * account's quota row, then mailbox rows in ascending id, then message rows) and keep the rules
 * of the normal write paths: UIDs and MODSEQs only grow, expunged UIDs are recorded for QRESYNC,
 * quota usage is recounted from the rows it describes.
 *
 * <p>{@link MaintenanceLock} keeps reconcile and garbage collection from running at the same
 * time: the reconciler inserts references to blobs that a collector running beside it could
 * not see coming.
 */
package org.mailstore.store.maintenance;
