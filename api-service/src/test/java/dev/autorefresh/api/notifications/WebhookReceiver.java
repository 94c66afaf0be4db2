package dev.autorefresh.api.notifications;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A real HTTP server standing in for a webhook receiver, on loopback: records every request, answers as told. */
final class WebhookReceiver implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Deque<Integer> statuses = new ArrayDeque<>();
    private int otherwise = 200;

    record Received(String path, String eventId, String timestamp, String signature, String body, int answered) {

        JsonNode json() {
            return JSON.readTree(body);
        }
    }

    WebhookReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            int status = next();
            received.add(new Received(exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst(Signature.EVENT_ID_HEADER),
                    exchange.getRequestHeaders().getFirst(Signature.TIMESTAMP_HEADER),
                    exchange.getRequestHeaders().getFirst(Signature.SIGNATURE_HEADER), body, status));
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    /** The next answers, in order; after them, {@code otherwise}. */
    synchronized WebhookReceiver answer(int otherwise, Integer... first) {
        statuses.clear();
        statuses.addAll(List.of(first));
        this.otherwise = otherwise;
        return this;
    }

    private synchronized int next() {
        return statuses.isEmpty() ? otherwise : statuses.removeFirst();
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** An http URL on this server; its path stands for the secret part of a real webhook URL. */
    String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    String allowListEntry() {
        return "http://127.0.0.1:" + port();
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    List<Received> accepted() {
        return received.stream().filter(one -> one.answered() / 100 == 2).toList();
    }

    void forget() {
        received.clear();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
