package org.mailstore.server.torture;

import java.util.List;

/** The torture found a broken promise; the message names the seed and trial that replay it. */
public final class TortureFailure extends Exception {
    static final int SHOWN = 20;

    TortureFailure(long seed, int trial, String replay, List<String> failures) {
        super("crash torture FAILED at seed " + seed + " trial " + trial + " (" + failures.size() + " problems; replay: "
                + replay + "):\n  " + String.join("\n  ", failures.subList(0, Math.min(SHOWN, failures.size()))));
    }
}
