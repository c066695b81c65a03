package org.mailstore.server;

import java.util.concurrent.Callable;
import org.mailstore.blobstore.BlobStore;
import org.mailstore.blobstore.BlobStores;
import org.mailstore.store.maintenance.SearchTextBackfill;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code mailstore index rebuild}: the full-text SEARCH index for blobs stored before it existed (docs/store.md). */
@Command(name = "index", description = "Maintain the full-text SEARCH index.")
final class IndexCommand implements Callable<Integer> {
    private final CliContext context;

    @Spec
    private CommandSpec spec;

    IndexCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "Missing subcommand: rebuild");
    }

    @Command(name = "rebuild", description = {"Read the search text of every blob that has none yet (stored before schema V7, or",
            "restored from a backup) from the blob store (file tree or bucket), as delivery does. Until then such",
            "messages are read in full by every SEARCH BODY/TEXT: results are right, only slower. Safe while serve",
            "runs. Progress on standard error; prints one summary line."})
    int rebuild() throws Exception {
        return MaintenanceCommands.runOnAnyBlobStore(spec, "index rebuild", (setup, progress) -> {
            try (BlobStore blobs = BlobStores.open(setup.blobLocation())) {
                SearchTextBackfill.Result r = new SearchTextBackfill(setup.dataSource(), blobs).run(progress);
                context.out().println("indexed " + r.indexed() + " blobs; " + r.missingBlobs() + " missing from the blob store"
                        + (r.unreadable() == 0 ? "" : "; " + r.unreadable() + " could not be read (see the log)"));
                context.out().flush();
                return r.missingBlobs() == 0 && r.unreadable() == 0 ? ExitCodes.OK : ExitCodes.FAILURE;
            }
        });
    }
}
