package org.mailstore.store.mime;

import java.util.List;

/**
 * Writes BODY and BODYSTRUCTURE (RFC 3501 §7.4.2, unchanged in RFC 9051) from an entity tree, with
 * Dovecot's choices where the RFC leaves room: default {@code "text" "plain" ("charset" "us-ascii")}, a
 * {@code charset} parameter added to every text part that lacks one, {@code "7bit"} when there is no
 * Content-Transfer-Encoding, {@code "message" "rfc822"} written in lower case, Content-Language always as
 * a list, and a multipart without any part described as holding one empty text/plain part, because the
 * grammar needs at least one. Sizes are raw byte counts; line counts are LF counts.
 */
final class BodyStructureWriter {

    private static final String EMPTY_BODY = "(\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 0 0)";
    private static final String EMPTY_BODYSTRUCTURE =
            "(\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 0 0 NIL NIL NIL NIL)";

    private final boolean extended;
    private final StringBuilder out = new StringBuilder();

    private BodyStructureWriter(boolean extended) {
        this.extended = extended;
    }

    /** BODY ({@code extended == false}) or BODYSTRUCTURE of the message whose root entity is given. */
    static String write(Entity message, boolean extended) {
        BodyStructureWriter writer = new BodyStructureWriter(extended);
        writer.body(message);
        return writer.out.toString();
    }

    private void body(Entity entity) {
        out.append('(');
        if (entity.kind == ContentFields.Kind.MULTIPART) {
            multipart(entity);
        } else {
            single(entity);
        }
        out.append(')');
    }

    private void multipart(Entity entity) {
        ContentFields c = entity.content;
        if (entity.children.isEmpty()) {
            out.append(extended ? EMPTY_BODYSTRUCTURE : EMPTY_BODY);
        }
        for (Entity child : entity.children) {
            body(child);
        }
        out.append(' ');
        ImapText.string(out, c.subtype());
        if (extended) {
            out.append(' ');
            params(c.params(), false);
            common(c);
        }
    }

    private void single(Entity entity) {
        ContentFields c = entity.content;
        boolean message = entity.kind == ContentFields.Kind.MESSAGE;
        if (message) {
            out.append("\"message\" \"rfc822\"");
        } else {
            ImapText.string(out, c.type());
            out.append(' ');
            ImapText.string(out, c.subtype());
        }
        out.append(' ');
        params(c.params(), c.isText());
        out.append(' ');
        ImapText.nstring(out, c.id());
        out.append(' ');
        ImapText.nstring(out, c.description());
        out.append(' ');
        ImapText.string(out, c.encoding() == null ? "7bit" : c.encoding());
        out.append(' ').append(entity.bodyLength());
        if (message) {
            out.append(' ');
            entity.embedded.envelope.write(out);
            out.append(' ');
            body(entity.embedded);
            out.append(' ').append(entity.bodyLines());
        } else if (c.isText()) {
            out.append(' ').append(entity.bodyLines());
        }
        if (extended) {
            out.append(' ');
            ImapText.nstring(out, c.md5());
            common(c);
        }
    }

    /** The extension data both forms share after their first field: disposition, language, location. */
    private void common(ContentFields c) {
        out.append(' ');
        if (c.disposition() == null) {
            out.append("NIL");
        } else {
            out.append('(');
            ImapText.string(out, c.disposition());
            out.append(' ');
            params(c.dispositionParams(), false);
            out.append(')');
        }
        out.append(' ');
        if (c.languages().isEmpty()) {
            out.append("NIL");
        } else {
            out.append('(');
            for (int i = 0; i < c.languages().size(); i++) {
                if (i > 0) {
                    out.append(' ');
                }
                ImapText.string(out, c.languages().get(i));
            }
            out.append(')');
        }
        out.append(' ');
        ImapText.nstring(out, c.location());
    }

    private void params(List<MimeParameter> params, boolean defaultCharset) {
        boolean hasCharset = false;
        for (MimeParameter param : params) {
            hasCharset |= param.name().equalsIgnoreCase("charset");
        }
        boolean addCharset = defaultCharset && !hasCharset;
        if (params.isEmpty() && !addCharset) {
            out.append("NIL");
            return;
        }
        out.append('(');
        for (int i = 0; i < params.size(); i++) {
            if (i > 0) {
                out.append(' ');
            }
            ImapText.string(out, params.get(i).name());
            out.append(' ');
            ImapText.string(out, params.get(i).value());
        }
        if (addCharset) {
            out.append(params.isEmpty() ? "" : " ").append("\"charset\" \"us-ascii\"");
        }
        out.append(')');
    }
}
