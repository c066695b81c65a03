package org.mailstore.imapd.parse;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.mailstore.imapd.command.FetchAttribute;
import org.mailstore.imapd.command.FetchAttribute.Simple;
import org.mailstore.imapd.command.Section;

/** FETCH data items (RFC 9051 §6.4.5), with the ALL/FAST/FULL macros expanded, and RFC 3516 BINARY. */
final class FetchParser {
    private static final List<FetchAttribute> FAST = List.of(Simple.FLAGS, Simple.INTERNALDATE, Simple.RFC822_SIZE);
    private static final List<FetchAttribute> ALL =
            List.of(Simple.FLAGS, Simple.INTERNALDATE, Simple.RFC822_SIZE, Simple.ENVELOPE);
    private static final List<FetchAttribute> FULL =
            List.of(Simple.FLAGS, Simple.INTERNALDATE, Simple.RFC822_SIZE, Simple.ENVELOPE, Simple.BODY);

    private FetchParser() {}

    static List<FetchAttribute> attributes(CommandCursor in) throws SyntaxException {
        if (in.take('(')) {
            List<FetchAttribute> list = new ArrayList<>();
            do {
                in.items(list.size() + 1);
                list.add(attribute(in, in.word()));
            } while (in.take(' '));
            in.expect(')', "expected ) after fetch items");
            return list;
        }
        String name = in.word();
        return switch (name) {
            case "ALL" -> ALL;
            case "FAST" -> FAST;
            case "FULL" -> FULL;
            default -> List.of(attribute(in, name));
        };
    }

    private static FetchAttribute attribute(CommandCursor in, String name) throws SyntaxException {
        return switch (name) {
            case "FLAGS" -> Simple.FLAGS;
            case "INTERNALDATE" -> Simple.INTERNALDATE;
            case "RFC822.SIZE" -> Simple.RFC822_SIZE;
            case "ENVELOPE" -> Simple.ENVELOPE;
            case "BODYSTRUCTURE" -> Simple.BODYSTRUCTURE;
            case "UID" -> Simple.UID;
            case "RFC822" -> Simple.RFC822;
            case "RFC822.HEADER" -> Simple.RFC822_HEADER;
            case "RFC822.TEXT" -> Simple.RFC822_TEXT;
            case "SAVEDATE" -> Simple.SAVEDATE;
            case "EMAILID" -> Simple.EMAILID;
            case "THREADID" -> Simple.THREADID;
            case "MODSEQ" -> Simple.MODSEQ;
            case "BODY" -> in.peek() == '[' ? bodySection(in, false) : Simple.BODY;
            case "BODY.PEEK" -> bodySection(in, true);
            case "BINARY" -> new FetchAttribute.Binary(false, sectionPart(in), partial(in));
            case "BINARY.PEEK" -> new FetchAttribute.Binary(true, sectionPart(in), partial(in));
            case "BINARY.SIZE" -> new FetchAttribute.BinarySize(sectionPart(in));
            default -> throw new SyntaxException("unknown fetch item");
        };
    }

    private static FetchAttribute bodySection(CommandCursor in, boolean peek) throws SyntaxException {
        in.expect('[', "expected [ after BODY.PEEK");
        Section section = section(in);
        in.expect(']', "expected ] after section");
        return new FetchAttribute.BodySection(peek, section, partial(in));
    }

    private static Optional<FetchAttribute.Partial> partial(CommandCursor in) throws SyntaxException {
        if (!in.take('<')) return Optional.empty();
        long offset = in.number64();
        in.expect('.', "expected . in partial");
        long count = in.number64();
        if (count == 0) throw new SyntaxException("partial count must not be zero");
        in.expect('>', "expected > after partial");
        return Optional.of(new FetchAttribute.Partial(offset, count));
    }

    /** RFC 3516 {@code section-binary}: {@code [}, an optional part path, {@code ]}. */
    private static List<Integer> sectionPart(CommandCursor in) throws SyntaxException {
        in.expect('[', "expected [ after BINARY");
        List<Integer> part = new ArrayList<>();
        while (in.peek() >= '0' && in.peek() <= '9') {
            long n = in.nzNumber();
            if (n > Integer.MAX_VALUE) throw new SyntaxException("part number too large");
            in.items(part.size() + 1);
            part.add((int) n);
            if (!in.take('.')) break;
        }
        in.expect(']', "expected ] after binary section");
        return part;
    }

    /** {@code section-spec}: a part path, then HEADER, HEADER.FIELDS[.NOT] (list), TEXT or (with a path) MIME. */
    private static Section section(CommandCursor in) throws SyntaxException {
        List<Integer> part = new ArrayList<>();
        while (in.peek() >= '0' && in.peek() <= '9') {
            long n = in.nzNumber();
            if (n > Integer.MAX_VALUE) throw new SyntaxException("part number too large");
            in.items(part.size() + 1);
            part.add((int) n);
            if (!in.take('.')) return new Section(part, Section.Text.NONE, List.of());
        }
        String keyword = in.word();
        return switch (keyword) {
            case "" -> {
                if (!part.isEmpty()) throw new SyntaxException("expected a section keyword after the part number");
                yield Section.WHOLE;
            }
            case "HEADER" -> new Section(part, Section.Text.HEADER, List.of());
            case "TEXT" -> new Section(part, Section.Text.TEXT, List.of());
            case "HEADER.FIELDS" -> new Section(part, Section.Text.HEADER_FIELDS, headerList(in));
            case "HEADER.FIELDS.NOT" -> new Section(part, Section.Text.HEADER_FIELDS_NOT, headerList(in));
            case "MIME" -> {
                if (part.isEmpty()) throw new SyntaxException("MIME needs a part number");
                yield new Section(part, Section.Text.MIME, List.of());
            }
            default -> throw new SyntaxException("unknown section");
        };
    }

    private static List<String> headerList(CommandCursor in) throws SyntaxException {
        in.sp();
        in.expect('(', "expected ( before header field names");
        List<String> fields = new ArrayList<>();
        do {
            in.items(fields.size() + 1);
            fields.add(HeaderNames.fieldName(in));
        } while (in.take(' '));
        in.expect(')', "expected ) after header field names");
        return fields;
    }
}
