package org.mailstore.server;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * One timed POP3 session, as a mail client opens it to see what is new: connect and greeting,
 * USER/PASS, STAT, UIDL, LIST, QUIT, one command at a time. Every answer is checked (STAT, UIDL and
 * LIST must all show {@code expectedMessages}), so a fast wrong answer never counts as a result.
 */
final class Pop3SessionTimer {
    static final int SOCKET_TIMEOUT_MILLIS = 120_000;

    /** Nanoseconds of each step. */
    record Timing(long connect, long login, long stat, long uidl, long list, long quit) {
        long total() {
            return connect + login + stat + uidl + list + quit;
        }
    }

    private final InputStream in;
    private final OutputStream out;

    private Pop3SessionTimer(Socket s) throws IOException {
        in = new BufferedInputStream(s.getInputStream(), 64 * 1024);
        out = s.getOutputStream();
    }

    static Timing run(InetSocketAddress address, String user, String password, int expectedMessages) throws IOException {
        long t0 = System.nanoTime();
        try (Socket s = new Socket(address.getAddress(), address.getPort())) {
            s.setTcpNoDelay(true);
            s.setSoTimeout(SOCKET_TIMEOUT_MILLIS);
            Pop3SessionTimer c = new Pop3SessionTimer(s);
            c.expectOk(c.readLine(), "greeting");
            long t1 = System.nanoTime();
            c.expectOk(c.command("USER " + user), "USER");
            c.expectOk(c.command("PASS " + password), "PASS");
            long t2 = System.nanoTime();
            String stat = c.command("STAT");
            c.expectOk(stat, "STAT");
            if (!stat.startsWith("+OK " + expectedMessages + " ")) throw new IllegalStateException("expected " + expectedMessages + " messages, STAT says: " + stat);
            long t3 = System.nanoTime();
            c.expectLines("UIDL", expectedMessages);
            long t4 = System.nanoTime();
            c.expectLines("LIST", expectedMessages);
            long t5 = System.nanoTime();
            c.expectOk(c.command("QUIT"), "QUIT");
            long t6 = System.nanoTime();
            return new Timing(t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4, t6 - t5);
        }
    }

    private void expectLines(String command, int expected) throws IOException {
        expectOk(command(command), command);
        int lines = 0;
        for (String l = readLine(); !l.equals("."); l = readLine()) lines++;
        if (lines != expected) throw new IllegalStateException(command + " listed " + lines + " messages, expected " + expected);
    }

    private String command(String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        return readLine();
    }

    private void expectOk(String answer, String what) {
        if (!answer.startsWith("+OK")) throw new IllegalStateException(what + " failed: " + answer);
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(64);
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) throw new IOException("the server closed the connection");
            if (c != '\r') b.write(c);
        }
        return b.toString(StandardCharsets.UTF_8);
    }
}
