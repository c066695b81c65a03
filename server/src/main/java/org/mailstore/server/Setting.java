package org.mailstore.server;

/** One configured value and where it came from, so an error can point the operator at it. */
record Setting(String value, String source) {}
