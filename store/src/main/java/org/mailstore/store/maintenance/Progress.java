package org.mailstore.store.maintenance;

/**
 * Where a long maintenance run (reconcile, gc, backup, restore) reports how far it is: one phase at a time, each with a count of
 * items done and, when known, an expected total. Called from the run's own thread only.
 */
public interface Progress {
    /** A run that shows nothing. */
    Progress NONE = new Progress() {
        @Override
        public void phase(String name, long expectedTotal) {
        }

        @Override
        public void advance(long items) {
        }

        @Override
        public void done() {
        }
    };

    /** A new phase starts; {@code expectedTotal} is -1 when unknown (an estimate is fine). */
    void phase(String name, long expectedTotal);

    /** {@code items} more done in the current phase. */
    void advance(long items);

    /** The current phase ended. */
    void done();
}
