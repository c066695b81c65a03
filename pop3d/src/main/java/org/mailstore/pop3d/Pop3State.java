package org.mailstore.pop3d;

/** RFC 1939 §3: a session moves from AUTHORIZATION to TRANSACTION at login and to UPDATE at QUIT. */
public enum Pop3State { AUTHORIZATION, TRANSACTION, UPDATE }
