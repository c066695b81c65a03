package org.mailstore.server;

import java.nio.file.Path;

/** A second {@code serve} on a data directory whose embedded PostgreSQL another live process runs. */
public final class DataDirectoryInUseException extends IllegalStateException {
    DataDirectoryInUseException(Path pgDir, PostmasterPid running) {
        super("the embedded PostgreSQL in " + pgDir + " is already run by another mailstore process (postmaster pid "
                + running.pid() + ", port " + running.port() + "); only one 'mailstore serve' can use a data directory."
                + " Stop the other one, or wait for a running mailstore command to finish, then retry.");
    }
}
