package org.mailstore.reconciler;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One thing a reconcile found, with what became of it and the details a report reader needs
 * (account, mailbox, UIDVALIDITY, UID, blob, …) in a fixed order.
 */
public record Finding(FindingKind kind, Status status, Map<String, Object> details) {
    public enum Status {
        /** Repaired by this run. */
        REPAIRED("repaired"),
        /** Would be repaired; this was a check. */
        TO_REPAIR("to repair"),
        /** Needs an operator: the run could not or was told not to repair it. */
        UNRESOLVED("unresolved"),
        /** Reported for information; nothing is wrong. */
        INFO("info");

        private final String json;

        Status(String json) {
            this.json = json;
        }

        public String json() {
            return json;
        }

        /** Whether the finding makes {@code --check} (or a repair run that left it) exit 1. */
        public boolean needsAction() {
            return this == TO_REPAIR || this == UNRESOLVED;
        }
    }

    public Finding {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(status, "status");
        details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    /** The report's JSON object for this finding. */
    Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", kind.json());
        m.put("status", status.json());
        m.putAll(details);
        return m;
    }
}
