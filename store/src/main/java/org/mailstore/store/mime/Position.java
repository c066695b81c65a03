package org.mailstore.store.mime;

/**
 * A point in the raw message: its byte offset and how many LF bytes precede it, so that the line count
 * of any range is a subtraction.
 */
record Position(long offset, long lineFeeds) {

    static final Position START = new Position(0, 0);

    Position atLeast(Position other) {
        return offset >= other.offset ? this : other;
    }
}
