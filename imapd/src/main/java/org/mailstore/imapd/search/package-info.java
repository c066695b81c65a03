/**
 * SEARCH evaluation: {@link org.mailstore.imapd.search.SearchEvaluator} decides, message by message, whether a
 * parsed criterion tree matches, reading the blob only for BODY and TEXT keys.
 */
package org.mailstore.imapd.search;
