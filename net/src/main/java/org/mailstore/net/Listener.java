package org.mailstore.net;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * A TCP listener that serves each connection on its own virtual thread, with caps on concurrent
 * connections overall and from one remote address (invariant 7): a connection over either cap gets
 * {@code busyGreeting} and is closed at once, before any protocol code runs. {@link #close()} stops accepting and closes every open
 * connection, so shutdown never waits for an idle client.
 */
public final class Listener implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Listener.class);

    private final String protocol;
    private final ServerSocket server;
    private final ConnectionHandler handler;
    private final Semaphore slots;
    private final int maxPerAddress;
    private final Map<InetAddress, Integer> perAddress = new ConcurrentHashMap<>();
    private final byte[] busyGreeting;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;
    private volatile boolean closed;

    private Listener(String protocol, ServerSocket server, ConnectionHandler handler, ConnectionLimits limits, byte[] busyGreeting) {
        this.protocol = protocol;
        this.server = server;
        this.handler = handler;
        this.slots = new Semaphore(limits.total());
        this.maxPerAddress = limits.perAddress();
        this.busyGreeting = busyGreeting.clone();
        this.acceptor = Thread.ofPlatform().name(protocol + "-acceptor").daemon().unstarted(this::acceptLoop);
    }

    /** Binds and starts accepting. {@code busyGreeting} is sent to connections over the cap. */
    public static Listener start(String protocol, InetSocketAddress address, int maxConnections, byte[] busyGreeting,
                                 ConnectionHandler handler) throws IOException {
        return start(protocol, address, new ConnectionLimits(maxConnections, maxConnections), busyGreeting, handler);
    }

    /** Binds and starts accepting, with a cap per remote address as well. */
    public static Listener start(String protocol, InetSocketAddress address, ConnectionLimits limits, byte[] busyGreeting,
                                 ConnectionHandler handler) throws IOException {
        ServerSocket server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(address, 512);
        Listener l = new Listener(protocol, server, handler, limits, busyGreeting);
        l.acceptor.start();
        log.info("{} listening on {}", protocol, l.address());
        return l;
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) server.getLocalSocketAddress();
    }

    public int openConnections() {
        return open.size();
    }

    private void acceptLoop() {
        while (!closed) {
            Socket s;
            try {
                s = server.accept();
            } catch (IOException e) {
                if (!closed) log.warn("{} accept failed: {}", protocol, e.getMessage());
                continue;
            }
            if (!slots.tryAcquire()) {
                refuse(s, "connection limit reached");
                continue;
            }
            if (!admitFrom(s.getInetAddress())) {
                slots.release();
                refuse(s, "limit of " + maxPerAddress + " connections from one address reached");
                continue;
            }
            open.add(s);
            Thread.ofVirtual().name(protocol + "-session").start(() -> serve(s));
        }
    }

    private void serve(Socket s) {
        String id = SessionId.next();
        ProtocolMetrics.sessionOpened(protocol);
        try (MDC.MDCCloseable ignored = MDC.putCloseable("session", id); s) {
            s.setTcpNoDelay(true);
            MDC.put("remote", String.valueOf(s.getRemoteSocketAddress()));
            log.info("{} connection from {}", protocol, s.getRemoteSocketAddress());
            handler.serve(s, id);
        } catch (SocketException e) {
            log.debug("{} connection ended: {}", protocol, e.getMessage());
        } catch (IOException | RuntimeException e) {
            if (!closed) log.warn("{} session failed", protocol, e);
        } finally {
            open.remove(s);
            leave(s.getInetAddress());
            slots.release();
            ProtocolMetrics.sessionClosed(protocol);
            log.debug("{} connection closed", protocol);
        }
    }

    /** Counts a connection from {@code a}, unless it already has {@link #maxPerAddress}. */
    private boolean admitFrom(InetAddress a) {
        boolean[] admitted = {false};
        perAddress.compute(a, (k, n) -> {
            int current = n == null ? 0 : n;
            if (current >= maxPerAddress) return n;
            admitted[0] = true;
            return current + 1;
        });
        return admitted[0];
    }

    private void leave(InetAddress a) {
        perAddress.computeIfPresent(a, (k, n) -> n <= 1 ? null : n - 1);
    }

    private void refuse(Socket s, String why) {
        log.warn("{} refused a connection from {}: {}", protocol, s.getRemoteSocketAddress(), why);
        try (s) {
            s.getOutputStream().write(busyGreeting);
        } catch (IOException ignored) {
            // the client is gone already; nothing to tell it
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        for (Socket s : open) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        log.info("{} listener on {} closed", protocol, server.getLocalSocketAddress());
    }
}
