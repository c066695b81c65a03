package org.mailstore.server;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One IMAP connection of the load generator, speaking only standard IMAP4rev1 (so Dovecot and mailstore get the
 * very same bytes): commands with tags, responses read to their tagged completion with literals skipped but
 * counted, APPEND with a synchronizing or (when the server offers LITERAL+) non-synchronizing literal, and IDLE.
 * Used by one thread at a time.
 */
final class ImapBenchConnection implements AutoCloseable {
    /** A command's completion; {@code untagged} counts the untagged responses, {@code bytes} all response bytes. */
    record Response(String status, String text, int untagged, long bytes) {
        boolean ok() {
            return status.equals("OK");
        }
    }

    static final int READ_TIMEOUT_MILLIS = 300_000;
    /** RFC 7888 LITERAL-: the largest non-synchronizing literal a LITERAL- server takes. */
    static final int LITERAL_MINUS_MAX_BYTES = 4096;
    private static final Pattern LITERAL_AT_END = Pattern.compile("\\{(\\d+)\\+?}$");
    private static final Pattern APPENDUID = Pattern.compile("\\[APPENDUID \\d+ (\\d+)]", Pattern.CASE_INSENSITIVE);
    private static final Pattern EXISTS = Pattern.compile("^\\* (\\d+) EXISTS$", Pattern.CASE_INSENSITIVE);

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    /** A line cut by a read timeout (IDLE's wait) continues here. */
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private final Set<String> capabilities = new HashSet<>();
    private int nextTag;
    private boolean loggedOut;
    private long responseBytes;

    ImapBenchConnection(InetSocketAddress server) throws IOException {
        socket = new Socket();
        socket.connect(server, READ_TIMEOUT_MILLIS);
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(READ_TIMEOUT_MILLIS);
        in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
        out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
        String greeting = line();
        if (greeting == null || !greeting.regionMatches(true, 0, "* OK", 0, 4)) {
            throw new IOException("unexpected greeting: " + greeting);
        }
    }

    /** LOGIN, then CAPABILITY, since servers may announce more after login. */
    Response login(String user, String password) throws IOException {
        Response r = command("LOGIN " + quoted(user) + " " + quoted(password));
        if (r.ok()) {
            capabilities.clear();
            command("CAPABILITY", l -> {
                if (l.regionMatches(true, 0, "* CAPABILITY ", 0, 13)) {
                    capabilities.addAll(Arrays.asList(l.substring(13).toUpperCase(Locale.ROOT).split(" ")));
                }
            });
        }
        return r;
    }

    boolean hasCapability(String name) {
        return capabilities.contains(name);
    }

    /** LITERAL+ (RFC 7888) takes any size, LITERAL- up to 4096 bytes. */
    boolean takesNonSynchronizing(int literalBytes) {
        return hasCapability("LITERAL+") || (hasCapability("LITERAL-") && literalBytes <= LITERAL_MINUS_MAX_BYTES);
    }

    Response command(String command) throws IOException {
        return command(command, l -> {});
    }

    /** Sends one command and reads to its tagged response, passing each untagged line (literals elided) on. */
    Response command(String command, Consumer<String> untagged) throws IOException {
        String tag = tag();
        out.write(ascii(tag + " " + command + "\r\n"));
        out.flush();
        return complete(tag, untagged);
    }

    /** The number in {@code * n EXISTS} among {@code SELECT}'s answers, or -1 when it is missing. */
    static long exists(String line) {
        Matcher m = EXISTS.matcher(line);
        return m.matches() ? Long.parseLong(m.group(1)) : -1;
    }

    /** APPEND to {@code mailbox}; the UID from APPENDUID in {@code uid[0]} (0 when the server gave none). */
    Response append(String mailbox, String flags, byte[] message, long[] uid) throws IOException {
        String tag = tag();
        boolean nonSync = takesNonSynchronizing(message.length);
        out.write(ascii(tag + " APPEND " + quoted(mailbox) + " (" + flags + ") {" + message.length + (nonSync ? "+" : "") + "}\r\n"));
        if (!nonSync) {
            out.flush();
            String go = line();
            while (go != null && go.startsWith("* ")) go = line();
            if (go == null) throw new IOException("connection closed waiting for APPEND's continuation");
            if (!go.startsWith("+")) return completion(tag, go, 0);
        }
        out.write(message);
        out.write(ascii("\r\n"));
        out.flush();
        Response r = complete(tag, l -> {});
        Matcher m = APPENDUID.matcher(r.text());
        uid[0] = m.find() ? Long.parseLong(m.group(1)) : 0;
        return r;
    }

    /**
     * Several APPENDs written before any answer is read, as a client filling a mailbox does with non-synchronizing
     * literals; each message must pass {@link #takesNonSynchronizing}. Returns the first failure, or null.
     */
    String appendPipelined(String mailbox, List<byte[]> messages) throws IOException {
        List<String> tags = new ArrayList<>();
        for (byte[] message : messages) {
            String tag = tag();
            tags.add(tag);
            out.write(ascii(tag + " APPEND " + quoted(mailbox) + " () {" + message.length + "+}\r\n"));
            out.write(message);
            out.write(ascii("\r\n"));
        }
        out.flush();
        String failure = null;
        for (String tag : tags) {
            Response r = complete(tag, l -> {});
            if (!r.ok() && failure == null) failure = "APPEND: " + r.status() + " " + r.text();
        }
        return failure;
    }

    /** IDLE until an EXISTS arrives or {@code waitMillis} pass, then DONE; null when the server has no IDLE. */
    Response idle(int waitMillis) throws IOException {
        if (!hasCapability("IDLE")) return null;
        String tag = tag();
        out.write(ascii(tag + " IDLE\r\n"));
        out.flush();
        String go = line();
        while (go != null && go.startsWith("* ")) go = line();
        if (go == null) throw new IOException("connection closed waiting for IDLE's continuation");
        if (!go.startsWith("+")) return completion(tag, go, 0);
        socket.setSoTimeout(waitMillis);
        try {
            for (String l; (l = line()) != null; ) {
                if (exists(l) >= 0) break;
            }
        } catch (SocketTimeoutException quietForAWhile) {
            // the usual case: nothing happened, the client ends its IDLE as a user's client would on activity
        } finally {
            socket.setSoTimeout(READ_TIMEOUT_MILLIS);
        }
        out.write(ascii("DONE\r\n"));
        out.flush();
        return complete(tag, l -> {});
    }

    Response logout() throws IOException {
        loggedOut = true;
        return command("LOGOUT");
    }

    @Override
    public void close() {
        try (socket) {
            if (!loggedOut) logout();
        } catch (IOException ignored) {
            // the server may have closed first; the socket is closed either way
        }
    }

    private String tag() {
        return "b" + (++nextTag);
    }

    private Response complete(String tag, Consumer<String> untagged) throws IOException {
        long before = responseBytes;
        int count = 0;
        while (true) {
            String l = logicalLine();
            if (l == null) throw new IOException("server closed the connection waiting for " + tag);
            if (l.startsWith(tag + " ")) {
                Response r = completion(tag, l, count);
                return new Response(r.status(), r.text(), count, responseBytes - before);
            }
            if (l.startsWith("* ")) {
                count++;
                untagged.accept(l);
            }
        }
    }

    private static Response completion(String tag, String line, int untagged) {
        String rest = line.startsWith(tag + " ") ? line.substring(tag.length() + 1) : line;
        int space = rest.indexOf(' ');
        String status = (space < 0 ? rest : rest.substring(0, space)).toUpperCase(Locale.ROOT);
        return new Response(status, space < 0 ? "" : rest.substring(space + 1), untagged, 0);
    }

    /** A response line with its literals skipped (left as {@code {n}} in the text). */
    private String logicalLine() throws IOException {
        String l = line();
        if (l == null) return null;
        StringBuilder whole = null;
        Matcher m;
        while ((m = LITERAL_AT_END.matcher(l)).find()) {
            skip(Long.parseLong(m.group(1)));
            if (whole == null) whole = new StringBuilder(l);
            String next = line();
            if (next == null) return null;
            whole.append(next);
            l = next;
        }
        return whole == null ? l : whole.toString();
    }

    private void skip(long n) throws IOException {
        for (long left = n; left > 0; ) {
            long s = in.skip(left);
            if (s <= 0) {
                if (in.read() < 0) throw new IOException("connection closed inside a literal");
                s = 1;
            }
            left -= s;
        }
        responseBytes += n;
    }

    private String line() throws IOException {
        for (int b; (b = in.read()) != '\n'; ) {
            if (b < 0) return null;
            partial.write(b);
        }
        String l = partial.toString(StandardCharsets.ISO_8859_1);
        partial.reset();
        responseBytes += l.length() + 1;
        return l.endsWith("\r") ? l.substring(0, l.length() - 1) : l;
    }

    static String quoted(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
