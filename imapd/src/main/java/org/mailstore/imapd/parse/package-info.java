/**
 * The IMAP command parser: bytes from a {@link org.mailstore.net.LineReader} to
 * {@link org.mailstore.imapd.command.ParsedCommand} values, strict and bounded, with no storage and no
 * session state. {@link org.mailstore.imapd.parse.CommandReader} is the entry point;
 * {@link org.mailstore.imapd.parse.ModifiedUtf7} converts mailbox names for IMAP4rev1 clients.
 */
package org.mailstore.imapd.parse;
