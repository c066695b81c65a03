package org.mailstore.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * A TCP listener that serves each connection on its own virtual thread, with a cap on concurrent
 * connections (invariant 7): a connection over the cap gets {@code busyGreeting} and is closed at
 * once, before any protocol code runs. {@link #close()} stops accepting and closes every open
 * connection, so shutdown never waits for an idle client.
 */
public final class Listener implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Listener.class);

    private final String protocol;
    private final ServerSocket server;
    private final ConnectionHandler handler;
    private final Semaphore slots;
    private final byte[] busyGreeting;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;
    private volatile boolean closed;

    private Listener(String protocol, ServerSocket server, ConnectionHandler handler, int maxConnections, byte[] busyGreeting) {
        this.protocol = protocol;
        this.server = server;
        this.handler = handler;
        this.slots = new Semaphore(maxConnections);
        this.busyGreeting = busyGreeting.clone();
        this.acceptor = Thread.ofPlatform().name(protocol + "-acceptor").daemon().unstarted(this::acceptLoop);
    }

    /** Binds and starts accepting. {@code busyGreeting} is sent to connections over the cap. */
    public static Listener start(String protocol, InetSocketAddress address, int maxConnections, byte[] busyGreeting,
                                 ConnectionHandler handler) throws IOException {
        if (maxConnections < 1) throw new IllegalArgumentException("maxConnections must be >= 1");
        ServerSocket server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(address, 512);
        Listener l = new Listener(protocol, server, handler, maxConnections, busyGreeting);
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
                refuse(s);
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
            slots.release();
            ProtocolMetrics.sessionClosed(protocol);
            log.debug("{} connection closed", protocol);
        }
    }

    private void refuse(Socket s) {
        log.warn("{} refused a connection from {}: connection limit reached", protocol, s.getRemoteSocketAddress());
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
