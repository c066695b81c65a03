package org.mailstore.pop3d;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mailstore.net.CommandTimeouts;
import org.mailstore.net.testing.TricklingSender;

/**
 * A client that sends a byte every {@link TricklingSender#TICK} never lets the idle timeout fire; the command deadline
 * cuts it off with {@code -ERR} and closes, releasing the maildrop it held, while another client is served at once.
 */
class TricklingClientTest {
    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(1);
    static final String CUT = "-ERR Command timed out; sent too slowly.";

    private static LiveServer server;

    @BeforeAll
    static void start() throws IOException {
        server = LiveServer.start(Pop3Settings.defaults().withAuthFailureDelay(Duration.ofMillis(50))
                .withCommandTimeouts(new CommandTimeouts(COMMAND_TIMEOUT, CommandTimeouts.DEFAULT_MIN_BYTES_PER_SECOND)));
    }

    @AfterAll
    static void stop() throws IOException {
        server.close();
    }

    /** A raw socket: the greeting read, then lines as the server sends them. */
    private record Raw(Socket socket, BufferedReader in, OutputStream out) implements AutoCloseable {
        static Raw connect() throws IOException {
            Socket s = new Socket(server.host(), server.port());
            s.setSoTimeout(30_000);
            Raw r = new Raw(s, new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII)), s.getOutputStream());
            assertTrue(r.in.readLine().startsWith("+OK"));
            return r;
        }

        void send(String line) throws IOException {
            out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }

        /** Waits for the server's answer to the trickled command and its hang-up; returns how long after the first byte the answer came. */
        long cutOff(TricklingSender sender) throws IOException {
            assertEquals(CUT, in.readLine());
            long millis = sender.elapsedMillis();
            assertNull(in.readLine());
            return millis;
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    @Test
    void aUserCommandTrickledAByteAtATimeIsCutWhileAnotherClientIsServedAtOnce() throws Exception {
        server.fixture.account("prompt@pop.test");
        try (Raw slow = Raw.connect(); Pop3Client prompt = server.connect()) {
            TricklingSender sender = TricklingSender.start(slow.out, "USER somebody-with-a-long-name@pop.test\r\n");

            long before = System.nanoTime();
            prompt.login("prompt@pop.test", "secret");
            assertEquals("+OK 0 0", prompt.command("STAT"));
            long promptMillis = (System.nanoTime() - before) / 1_000_000;
            assertTrue(promptMillis < COMMAND_TIMEOUT.toMillis(), "the prompt client waited " + promptMillis + " ms");

            TricklingSender.assertCutAtDeadline(slow.cutOff(sender), COMMAND_TIMEOUT);
            sender.close();
            assertTrue(prompt.command("QUIT").startsWith("+OK"));
        }
    }

    @Test
    void aLoggedInClientTricklingACommandIsCutAndItsMaildropIsFreeAgain() throws Exception {
        server.fixture.account("held@pop.test");
        try (Raw slow = Raw.connect()) {
            slow.send("USER held@pop.test");
            assertEquals("+OK", slow.in.readLine());
            slow.send("PASS secret");
            assertEquals("+OK Logged in.", slow.in.readLine());
            TricklingSender sender = TricklingSender.start(slow.out, "UIDL 1234567890123\r\n");
            TricklingSender.assertCutByDeadline(slow.cutOff(sender), COMMAND_TIMEOUT);
            sender.close();
        }
        try (Pop3Client again = server.connect()) {
            again.login("held@pop.test", "secret");
            assertTrue(again.command("QUIT").startsWith("+OK"));
        }
    }
}
