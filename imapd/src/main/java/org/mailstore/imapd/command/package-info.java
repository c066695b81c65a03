/**
 * What an IMAP client asked for, as values: the parser ({@code org.mailstore.imapd.parse}) produces them
 * and the session executes them, so neither sees the other's bytes or state. Every string here is
 * already decoded (quoted, literal or atom); mailbox names are as the client sent them (modified UTF-7
 * unless the session enabled IMAP4rev2 or UTF8=ACCEPT), the session decodes them.
 */
package org.mailstore.imapd.command;
