package org.mailstore.store.mime;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.eclipse.angus.mail.iap.Protocol;
import org.eclipse.angus.mail.imap.protocol.BODYSTRUCTURE;
import org.eclipse.angus.mail.imap.protocol.ENVELOPE;
import org.eclipse.angus.mail.imap.protocol.FetchResponse;

/** Angus Mail's IMAP response parser, fed a server response as bytes, exactly as it reads a connection. */
final class AngusClient {

    private AngusClient() {
    }

    /**
     * Parses one untagged response line such as {@code * 1 FETCH (ENVELOPE ...)} (CRLF appended) with
     * Angus's defaults, which include validating every address ({@code mail.mime.address.strict}).
     */
    static FetchResponse fetch(String response) throws Exception {
        return fetch(response, new Properties());
    }

    /**
     * Parses all three cached strings as IMAP syntax; throws if Angus cannot read any of them. Address
     * validation is off: an address that is broken in the message stays broken in any server's ENVELOPE.
     */
    static void readAll(MessageMetadata m) throws Exception {
        Properties lenient = new Properties();
        lenient.setProperty("mail.mime.address.strict", "false");
        FetchResponse full = fetch("* 1 FETCH (ENVELOPE " + m.envelope() + " BODYSTRUCTURE " + m.bodyStructure() + ")",
                lenient);
        FetchResponse body = fetch("* 1 FETCH (BODY " + m.body() + ")", lenient);
        if (full.getItem(ENVELOPE.class) == null || full.getItem(BODYSTRUCTURE.class) == null
                || body.getItem(BODYSTRUCTURE.class) == null) {
            throw new AssertionError("Angus Mail did not find ENVELOPE/BODYSTRUCTURE/BODY in " + m);
        }
    }

    private static FetchResponse fetch(String response, Properties properties) throws Exception {
        InputStream in = new ByteArrayInputStream((response + "\r\n").getBytes(StandardCharsets.UTF_8));
        return new FetchResponse(new Protocol(in, new PrintStream(OutputStream.nullOutputStream()), properties, false));
    }
}
