package org.mailstore.server;

import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Everything a command takes from the process around it, passed in so tests can run commands in
 * one JVM with their own environment, directory and streams.
 *
 * @param env environment variables (the configuration's highest-precedence source)
 * @param cwd the directory relative paths resolve against
 * @param hostName the default instance id
 * @param console the terminal for password prompts, empty when there is none
 */
public record CliContext(
        Map<String, String> env,
        Path cwd,
        String hostName,
        InputStream in,
        PrintStream out,
        PrintStream err,
        Optional<PasswordConsole> console,
        ProcessLifecycle lifecycle) {

    public CliContext {
        env = Map.copyOf(env);
        cwd = cwd.toAbsolutePath().normalize();
    }

    /** The real process: its environment, working directory, standard streams and terminal. */
    static CliContext ofProcess(ProcessLifecycle lifecycle) {
        java.io.Console c = System.console();
        // Since JDK 22 System.console() exists even when redirected; only a terminal can take a hidden password.
        Optional<PasswordConsole> console = c == null || !c.isTerminal() ? Optional.empty() : Optional.of(c::readPassword);
        return new CliContext(System.getenv(), Path.of(""), localHostName(), System.in, System.out, System.err,
                console, lifecycle);
    }

    private static String localHostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
