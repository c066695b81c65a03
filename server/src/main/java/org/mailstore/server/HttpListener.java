package org.mailstore.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operators' HTTP listener on {@code http.listen} (MAILSTORE_HTTP_LISTEN): {@code GET /health}
 * (200 or 503 with a JSON body, see {@link HealthCheck}) and {@code GET /metrics} (Prometheus text).
 * The JDK's own HTTP server on virtual threads: two read-only endpoints need no web framework.
 * It has no authentication, so it listens on loopback unless the operator says otherwise.
 */
final class HttpListener implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HttpListener.class);
    static final String HEALTH = "/health";
    static final String METRICS = "/metrics";
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    static final String JSON = "application/json";
    /** Pending connections the kernel may queue. */
    static final int BACKLOG = 64;
    /** Seconds {@link #close} lets exchanges in progress finish. */
    static final int STOP_DELAY_SECONDS = 1;

    private final HttpServer server;
    private final ExecutorService executor;

    private HttpListener(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    static void start(MailstoreConfig config, HealthCheck health, ServeMetrics metrics, ServiceStack services) throws IOException {
        if (config.httpListen().isEmpty()) return;
        ListenAddress a = config.httpListen().get();
        HttpServer server = HttpServer.create(new InetSocketAddress(a.host(), a.port()), BACKLOG);
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        server.createContext("/", exchange -> answer(exchange, 404, JSON, "{\"error\":\"not found\"}"));
        server.createContext(HEALTH, exchange -> {
            if (readOnly(exchange, HEALTH)) {
                HealthCheck.Result r = check(health);
                if (!r.up()) log.warn("health check failed: {}", r.json());
                answer(exchange, r.up() ? 200 : 503, JSON, r.json());
            }
        });
        server.createContext(METRICS, exchange -> {
            if (readOnly(exchange, METRICS)) answer(exchange, 200, PROMETHEUS_TEXT, metrics.scrape());
        });
        server.start();
        InetSocketAddress bound = server.getAddress();
        services.addListener("http " + new ListenAddress(bound.getAddress().getHostAddress(), bound.getPort()),
                new HttpListener(server, executor));
    }

    private static HealthCheck.Result check(HealthCheck health) throws IOException {
        try {
            return health.check();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while checking health", e);
        }
    }

    /** True when the request is a GET or HEAD of exactly {@code path}; otherwise it has been answered. */
    private static boolean readOnly(HttpExchange exchange, String path) throws IOException {
        if (!exchange.getRequestURI().getPath().equals(path)) {
            answer(exchange, 404, JSON, "{\"error\":\"not found\"}");
            return false;
        }
        String method = exchange.getRequestMethod();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            exchange.getResponseHeaders().set("Allow", "GET, HEAD");
            answer(exchange, 405, JSON, "{\"error\":\"method not allowed\"}");
            return false;
        }
        return true;
    }

    private static void answer(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        try (exchange) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", contentType);
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            boolean head = exchange.getRequestMethod().equals("HEAD");
            exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
            if (!head) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        }
    }

    @Override
    public void close() {
        server.stop(STOP_DELAY_SECONDS);
        executor.close();
    }
}
