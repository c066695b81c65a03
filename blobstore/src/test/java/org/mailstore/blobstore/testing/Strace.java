package org.mailstore.blobstore.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs a command under {@code strace -f -y} and returns the traced system calls in order. {@code -y} makes
 * strace print the path behind every file descriptor ({@code fstat(4</blobs/ab/cd/abcd…>, …)}), so a call
 * on an open blob is as easy to recognise as a call naming its path.
 */
public final class Strace {

    private static final long TIMEOUT_SECONDS = 120;
    private static final Pattern COMPLETE = Pattern.compile("^(?:\\d+\\s+)?(\\w+)\\((.*)\\)\\s+=\\s+(.*)$");
    private static final Pattern UNFINISHED = Pattern.compile("^(\\d+\\s+)?(\\w+)\\((.*) <unfinished \\.\\.\\.>$");
    private static final Pattern RESUMED = Pattern.compile("^(\\d+\\s+)?<\\.\\.\\. (\\w+) resumed>(.*)$");

    private Strace() {
    }

    /** One traced call, e.g. name {@code openat}, args {@code AT_FDCWD</x>, "/b/ab/cd/abcd…", O_RDONLY}. */
    public record Syscall(String name, String args, String result) {

        private static final Pattern QUOTED = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");
        private static final Pattern FIRST_FD = Pattern.compile("^-?\\d+<([^>]*)>");
        private static final Pattern RESULT_FD = Pattern.compile("^\\d+<([^>]*)>");

        /** Every path the call names: quoted arguments and the files behind its descriptor and its result. */
        public List<String> paths() {
            List<String> paths = new ArrayList<>();
            Matcher quoted = QUOTED.matcher(args);
            while (quoted.find()) {
                paths.add(quoted.group(1));
            }
            fdPath().ifPresent(paths::add);
            Matcher result = RESULT_FD.matcher(this.result);
            if (result.find()) {
                paths.add(result.group(1));
            }
            return paths;
        }

        /** The file behind the first argument when that is a descriptor. */
        public Optional<String> fdPath() {
            Matcher fd = FIRST_FD.matcher(args);
            return fd.find() ? Optional.of(fd.group(1)) : Optional.empty();
        }

        public boolean names(Path path) {
            return paths().contains(path.toString());
        }

        public boolean namesAnythingUnder(Path dir) {
            String prefix = dir.toString();
            return paths().stream().anyMatch(p -> p.equals(prefix) || p.startsWith(prefix + "/"));
        }

        public boolean failed() {
            return result.startsWith("-1 ");
        }

        @Override
        public String toString() {
            return name + "(" + args + ") = " + result;
        }
    }

    /** Whether strace is installed and may trace children here (ptrace can be forbidden in containers). */
    public static boolean available() {
        try {
            Process probe = new ProcessBuilder("strace", "-f", "-qq", "-o", "/dev/null", "true")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return probe.waitFor(30, TimeUnit.SECONDS) && probe.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Runs {@code command} under strace, tracing {@code syscalls} (strace's {@code -e trace=} syntax), and
     * returns the calls of all its threads in the order strace logged them.
     */
    public static List<Syscall> trace(String syscalls, Path log, List<String> command)
            throws IOException, InterruptedException {
        List<String> full = new ArrayList<>(
                List.of("strace", "-f", "-qq", "-y", "-o", log.toString(), "-e", "trace=" + syscalls));
        full.addAll(command);
        Path output = log.resolveSibling(log.getFileName() + ".out");
        Process process = new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("traced child did not finish in " + TIMEOUT_SECONDS + " s: " + command);
        }
        if (process.exitValue() != 0) {
            throw new AssertionError("traced child failed with exit code " + process.exitValue() + ":\n"
                    + Files.readString(output));
        }
        return parse(Files.readAllLines(log, StandardCharsets.UTF_8));
    }

    /**
     * The command line that runs a long-lived program under strace until it exits by itself, for a caller that
     * starts it and later reads {@code log} with {@link #parse}: {@code -yy} adds each socket's endpoints
     * ({@code 7<TCP:[127.0.0.1:40000->127.0.0.1:5432]>}), {@code -s stringLimit} keeps that many bytes of each
     * buffer, so protocol text written to or read from a socket can be recognised.
     */
    public static List<String> prefix(String syscalls, Path log, int stringLimit) {
        return List.of("strace", "-f", "-qq", "-yy", "-s", String.valueOf(stringLimit), "-o", log.toString(),
                "-e", "trace=" + syscalls);
    }

    /** Joins the {@code <unfinished ...>} and {@code <... resumed>} halves strace -f writes when threads interleave. */
    public static List<Syscall> parse(List<String> lines) {
        List<Syscall> calls = new ArrayList<>();
        Map<String, String> pending = new HashMap<>();
        for (String line : lines) {
            Matcher unfinished = UNFINISHED.matcher(line);
            if (unfinished.matches()) {
                pending.put(pid(unfinished.group(1)), unfinished.group(2) + "(" + unfinished.group(3));
                continue;
            }
            Matcher resumed = RESUMED.matcher(line);
            if (resumed.matches()) {
                String start = pending.remove(pid(resumed.group(1)));
                if (start == null) {
                    continue;
                }
                line = start + resumed.group(3);
            }
            Matcher complete = COMPLETE.matcher(line);
            if (complete.matches()) {
                calls.add(new Syscall(complete.group(1), complete.group(2), complete.group(3)));
            }
        }
        return calls;
    }

    private static String pid(String group) {
        return group == null ? "" : group.trim();
    }
}
