package org.mailstore.store.mime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The hand-checked sample messages under {@code src/test/resources/mime}: {@code NN-name.eml} with its
 * {@code NN-name.expected}, whose values were written out from RFC 3501 §7.4.2 and a byte ruler, never
 * by running the parser.
 *
 * <p>Expected-file format: {@code #} comments; {@code KEY value} lines for SIZE, HEADER-SIZE, BODY-LINES,
 * ENVELOPE, BODY, BODYSTRUCTURE and ORACLE; one {@code PART section headerOffset headerLength bodyOffset
 * bodyLength bodyLines} line per entry. A line ending in an IMAP literal announcement {@code {N}} continues
 * on the next line, joined by CRLF as on the wire.
 */
record Corpus(String name, byte[] raw, Expected expected) {

    private static final Pattern LITERAL_AT_END = Pattern.compile("\\{\\d+}$");

    record Expected(long size, long headerSize, long bodyLines, String envelope, String body, String bodyStructure,
                    List<MimePart> parts, boolean jakartaOracle) {
    }

    @Override
    public String toString() {
        return name;
    }

    static Stream<Corpus> all() {
        try (Stream<Path> files = Files.list(directory())) {
            List<Corpus> corpus = new ArrayList<>();
            for (Path eml : files.filter(p -> p.toString().endsWith(".eml")).sorted().toList()) {
                corpus.add(load(eml));
            }
            return corpus.stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Corpus named(String prefix) {
        return all().filter(c -> c.name.startsWith(prefix)).findFirst().orElseThrow();
    }

    static Path directory() {
        try {
            return Path.of(Objects.requireNonNull(Corpus.class.getResource("/mime/01-rfc3501-example.eml")).toURI())
                    .getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Corpus load(Path eml) throws IOException {
        String name = eml.getFileName().toString().replaceFirst("\\.eml$", "");
        Path expected = eml.resolveSibling(name + ".expected");
        return new Corpus(name, Files.readAllBytes(eml), parse(Files.readString(expected, StandardCharsets.UTF_8)));
    }

    private static Expected parse(String text) {
        Long size = null;
        Long headerSize = null;
        Long bodyLines = null;
        String envelope = null;
        String body = null;
        String bodyStructure = null;
        Boolean jakarta = null;
        List<MimePart> parts = new ArrayList<>();
        for (String line : joinLiterals(text.split("\n", -1))) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int space = line.indexOf(' ');
            String key = line.substring(0, space);
            String value = line.substring(space + 1);
            switch (key) {
                case "SIZE" -> size = Long.parseLong(value);
                case "HEADER-SIZE" -> headerSize = Long.parseLong(value);
                case "BODY-LINES" -> bodyLines = Long.parseLong(value);
                case "ENVELOPE" -> envelope = value;
                case "BODY" -> body = value;
                case "BODYSTRUCTURE" -> bodyStructure = value;
                case "ORACLE" -> jakarta = switch (value) {
                    case "jakarta" -> true;
                    case "hand" -> false;
                    default -> throw new IllegalArgumentException("ORACLE " + value);
                };
                case "PART" -> {
                    String[] f = value.split(" ");
                    parts.add(new MimePart(f[0], Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]),
                            Long.parseLong(f[4]), Long.parseLong(f[5])));
                }
                default -> throw new IllegalArgumentException("unknown key " + key);
            }
        }
        return new Expected(Objects.requireNonNull(size), Objects.requireNonNull(headerSize),
                Objects.requireNonNull(bodyLines), Objects.requireNonNull(envelope), Objects.requireNonNull(body),
                Objects.requireNonNull(bodyStructure), List.copyOf(parts), Objects.requireNonNull(jakarta));
    }

    private static List<String> joinLiterals(String[] lines) {
        List<String> joined = new ArrayList<>();
        StringBuilder current = null;
        for (String line : lines) {
            if (current == null) {
                current = new StringBuilder(line);
            } else {
                current.append("\r\n").append(line);
            }
            Matcher m = LITERAL_AT_END.matcher(line);
            if (!m.find() || line.startsWith("#")) {
                joined.add(current.toString());
                current = null;
            }
        }
        if (current != null) {
            joined.add(current.toString());
        }
        return joined;
    }
}
