package org.mailstore.imapd.fetch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The store's hand-checked MIME samples ({@code mime/NN-name.eml} in the store test-jar, or its test classes
 * directory when run from an IDE). {@code wellFormed} marks the samples whose structure Jakarta Mail reads the
 * same way as our parser ({@code ORACLE jakarta} in the sample's {@code .expected} file).
 */
record MimeCorpus(String name, byte[] raw, boolean wellFormed) {

    @Override
    public String toString() {
        return name;
    }

    static Stream<MimeCorpus> all() {
        try {
            Path dir = directory();
            try (Stream<Path> files = Files.list(dir)) {
                List<MimeCorpus> out = new ArrayList<>();
                for (Path eml : files.filter(p -> p.toString().endsWith(".eml")).sorted().toList()) {
                    String name = eml.getFileName().toString().replaceFirst("\\.eml$", "");
                    String expected = Files.readString(eml.resolveSibling(name + ".expected"));
                    out.add(new MimeCorpus(name, Files.readAllBytes(eml), expected.contains("\nORACLE jakarta")));
                }
                if (out.size() < 38) throw new IllegalStateException("corpus incomplete: " + out.size() + " samples in " + dir);
                return out.stream();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static MimeCorpus named(String prefix) {
        return all().filter(c -> c.name.startsWith(prefix)).findFirst().orElseThrow();
    }

    private static Path directory() throws IOException {
        URI uri;
        try {
            uri = Objects.requireNonNull(MimeCorpus.class.getResource("/mime/01-rfc3501-example.eml")).toURI();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        if (uri.getScheme().equals("jar")) {
            FileSystem fs;
            try {
                fs = FileSystems.getFileSystem(uri);
            } catch (FileSystemNotFoundException e) {
                fs = FileSystems.newFileSystem(uri, Map.of());
            }
            return fs.provider().getPath(uri).getParent();
        }
        return Path.of(uri).getParent();
    }
}
