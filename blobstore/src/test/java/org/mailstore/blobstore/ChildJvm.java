package org.mailstore.blobstore;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The command line that runs a test main class in a fresh JVM with this JVM's java and test class path. */
final class ChildJvm {

    private ChildJvm() {
    }

    static List<String> command(Class<?> mainClass, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // The children are short-lived; skip the optimizing compiler to start faster.
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass.getName());
        command.addAll(List.of(args));
        return command;
    }
}
