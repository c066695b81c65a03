package org.mailstore.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

class CommandLineTest {
    @TempDir
    static Path cwd;

    private static Cli cli() {
        return new Cli(Map.of(), cwd);
    }

    /** Every command and subcommand, as the words that name it: [], [serve], [account, add], … */
    static Stream<List<String>> commands() {
        List<List<String>> all = new ArrayList<>();
        collect(MailstoreCommand.commandLine(new Cli(Map.of(), Path.of("")).context()), new ArrayList<>(), all);
        return all.stream();
    }

    private static void collect(CommandLine cl, List<String> path, List<List<String>> all) {
        all.add(List.copyOf(path));
        cl.getSubcommands().forEach((name, sub) -> {
            if (!sub.getCommandName().equals(name)) return; // an alias
            List<String> p = new ArrayList<>(path);
            p.add(name);
            collect(sub, p, all);
        });
    }

    @ParameterizedTest
    @MethodSource("commands")
    void helpExitsZeroAndPrintsUsage(List<String> command) {
        List<String> args = new ArrayList<>(command);
        args.add("--help");
        // picocli reports a description it cannot format (a bare % in it) on System.err, not on the command's writer
        PrintStream stderr = System.err;
        ByteArrayOutputStream warnings = new ByteArrayOutputStream();
        Cli.Result r;
        try {
            System.setErr(new PrintStream(warnings, true, StandardCharsets.UTF_8));
            r = cli().run(args.toArray(String[]::new));
        } finally {
            System.setErr(stderr);
        }
        assertEquals("", warnings.toString(StandardCharsets.UTF_8));
        assertEquals(0, r.code(), r.err());
        String name = String.join(" ", Stream.concat(Stream.of("mailstore"), command.stream()).toList());
        assertTrue(r.out().contains("Usage: " + name + " "), r.out());
        assertEquals("", r.err());
    }

    @Test
    void versionExitsZero() {
        Cli.Result r = cli().run("--version");
        assertEquals(0, r.code());
        assertTrue(r.out().startsWith("mailstore "), r.out());
    }

    @Test
    void noCommandIsBadUsage() {
        Cli.Result r = cli().run();
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("Missing command; try 'mailstore --help'"), r.err());
    }

    @Test
    void unknownCommandIsBadUsage() {
        Cli.Result r = cli().run("frobnicate");
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("Unmatched argument at index 0: 'frobnicate'"), r.err());
    }

    @Test
    void unknownOptionIsBadUsage() {
        Cli.Result r = cli().run("serve", "--frobnicate");
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("Unknown option: '--frobnicate'"), r.err());
    }

    @Test
    void configErrorIsBadUsageNamingKeyAndLine(@TempDir Path dir) throws IOException {
        Path conf = Files.writeString(dir.resolve("bad.conf"), "data.dir = x\nimap.listen = :\n");
        String expected = "mailstore serve: invalid imap.listen ':' (" + conf + " line 2): bad host in ':'";
        for (String[] args : List.of(new String[] {"--config", conf.toString(), "serve"},
                new String[] {"serve", "--config", conf.toString()})) {
            Cli.Result r = cli().run(args);
            assertEquals(2, r.code(), r.err());
            assertEquals(expected, r.err().strip());
        }
    }

    @Test
    void unknownKeyInDefaultConfigFileIsBadUsage(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("mailstore.conf"), "imap.port = 143\n");
        Cli.Result r = new Cli(Map.of(), dir).run("serve");
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("mailstore serve: " + dir.resolve("mailstore.conf") + " line 1: unknown key 'imap.port'"),
                r.err());
    }
}
