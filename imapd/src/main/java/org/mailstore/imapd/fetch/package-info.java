/**
 * FETCH section data without parsing messages again: {@link org.mailstore.imapd.fetch.SectionLocator} turns a
 * section specifier and partial into bytes from the cached header or a byte range of the blob (see
 * {@link org.mailstore.imapd.fetch.SectionData}), {@link org.mailstore.imapd.fetch.HeaderFilter} answers
 * HEADER.FIELDS(.NOT), {@link org.mailstore.imapd.fetch.FetchDetail} says how much metadata a FETCH needs, and
 * {@link org.mailstore.store.mime.HeaderFields} reads header values for SEARCH.
 */
package org.mailstore.imapd.fetch;
