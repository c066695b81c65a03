package org.mailstore.server;

import picocli.CommandLine.Command;

/** {@code mailstore torture}: reliability tortures that anyone can re-run (docs/reliability.md). */
@Command(name = "torture",
        description = "Reliability tortures: each prints the seed that replays it, and a summary line last.",
        subcommands = {TortureCrashCommand.class})
final class TortureCommand {
}
