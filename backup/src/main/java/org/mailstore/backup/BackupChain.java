package org.mailstore.backup;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An incremental backup and the earlier backups its blob rows build on, newest first, ending at the first one with no
 * base. A backup's {@code blobs} table file holds only the rows its base's snapshot lacked, so restoring it needs every
 * link; a chain with a link deleted, interrupted or taken at another schema version cannot be restored, and says why.
 */
record BackupChain(List<Manifest> links) {
    /**
     * Longest chain a new backup extends; past it the next backup writes every blob row again, so that losing one old
     * backup directory never takes more than this many newer backups with it.
     */
    static final int MAX_LENGTH = 30;

    BackupChain {
        links = List.copyOf(links);
    }

    /** The chain of {@code m}, or why it cannot be followed to its end. */
    static Resolved resolve(BackupDirectory dir, Manifest m) throws IOException {
        List<Manifest> links = new ArrayList<>();
        links.add(m);
        Manifest at = m;
        while (at.base() != null) {
            BackupId baseId = at.base();
            if (baseId.compareTo(at.id()) >= 0) return Resolved.broken(at.id() + " names base " + baseId + ", which is not older");
            if (!Files.isDirectory(dir.backupDir(baseId))) {
                return Resolved.broken("its base backup " + baseId + " is missing from " + dir.root());
            }
            BackupSummary base = dir.summary(baseId);
            if (!base.complete()) return Resolved.broken("its base backup " + baseId + " is incomplete (" + base.problem() + ")");
            if (!base.manifest().schemaVersion().equals(at.schemaVersion())) {
                return Resolved.broken("its base backup " + baseId + " has schema version " + base.manifest().schemaVersion() + ", not "
                        + at.schemaVersion());
            }
            if (base.manifest().tables().stream().noneMatch(t -> t.name().equals(m.deltaTable().orElseThrow().name()))) {
                return Resolved.broken("its base backup " + baseId + " has no " + m.deltaTable().orElseThrow().name() + " table file");
            }
            links.add(base.manifest());
            at = base.manifest();
        }
        return new Resolved(new BackupChain(links), null);
    }

    /** The table file of each link that holds {@code name}'s rows: the delta file, or a full backup's whole table. */
    List<LinkFile> files(String name) {
        List<LinkFile> out = new ArrayList<>();
        for (Manifest link : links) {
            link.tables().stream().filter(t -> t.name().equals(name)).findFirst().ifPresent(t -> out.add(new LinkFile(link.id(), t)));
        }
        return out;
    }

    record LinkFile(BackupId backup, Manifest.TableFile table) {}

    /** @param problem null when the chain is whole */
    record Resolved(BackupChain chain, String problem) {
        static Resolved broken(String problem) {
            return new Resolved(null, problem);
        }

        Optional<BackupChain> whole() {
            return Optional.ofNullable(chain);
        }
    }
}
