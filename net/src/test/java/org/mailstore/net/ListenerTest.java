package org.mailstore.net;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ListenerTest {
    @Test
    void connectionsOverTheCapGetTheBusyGreetingAndCloseStopsEverything() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        InetSocketAddress any = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        try (Listener l = Listener.start("test", any, 2, "BUSY\r\n".getBytes(StandardCharsets.US_ASCII), (s, id) -> {
            s.getOutputStream().write(("HELLO " + id + "\r\n").getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        })) {
            Socket a = new Socket(l.address().getAddress(), l.address().getPort());
            Socket b = new Socket(l.address().getAddress(), l.address().getPort());
            assertEquals(true, readLine(a).startsWith("HELLO "));
            assertEquals(true, readLine(b).startsWith("HELLO "));
            try (Socket c = new Socket(l.address().getAddress(), l.address().getPort())) {
                assertEquals("BUSY", readLine(c));
            }
            release.countDown();
            a.close();
            b.close();
        }
    }

    @Test
    void connectionsOverThePerAddressCapGetTheBusyGreetingAndASlotFreesWhenOneCloses() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        InetSocketAddress any = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        try (Listener l = Listener.start("test", any, new ConnectionLimits(10, 2), "BUSY\r\n".getBytes(StandardCharsets.US_ASCII), (s, id) -> {
            s.getOutputStream().write("HELLO\r\n".getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            try {
                while (s.getInputStream().read() >= 0 && release.getCount() > 0) {
                    // hold the connection until the client closes it
                }
            } catch (java.io.IOException e) {
                // closed
            }
        })) {
            Socket a = new Socket(l.address().getAddress(), l.address().getPort());
            Socket b = new Socket(l.address().getAddress(), l.address().getPort());
            assertEquals("HELLO", readLine(a));
            assertEquals("HELLO", readLine(b));
            try (Socket c = new Socket(l.address().getAddress(), l.address().getPort())) {
                assertEquals("BUSY", readLine(c));
            }
            a.close();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (l.openConnections() > 1 && System.nanoTime() < deadline) Thread.sleep(10);
            try (Socket d = new Socket(l.address().getAddress(), l.address().getPort())) {
                assertEquals("HELLO", readLine(d));
            }
            release.countDown();
            b.close();
        }
    }

    private static String readLine(Socket s) throws Exception {
        s.setSoTimeout(5000);
        return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII)).readLine();
    }
}
