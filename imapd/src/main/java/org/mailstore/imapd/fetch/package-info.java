/**
 * FETCH section data without parsing messages again: {@link org.mailstore.imapd.fetch.SectionLocator} turns a
 * section specifier and partial into bytes from the cached header or a byte range of the blob (see
 * {@link org.mailstore.imapd.fetch.SectionData}), {@link org.mailstore.imapd.fetch.HeaderFilter} answers
 * HEADER.FIELDS(.NOT) and {@link org.mailstore.imapd.fetch.FetchDetail} says how much metadata a FETCH needs.
 * Header values for SEARCH are read by {@link org.mailstore.store.mime.HeaderFields}, in store since the stored
 * search text (schema V7) must read them exactly as SEARCH does.
 */
package org.mailstore.imapd.fetch;
