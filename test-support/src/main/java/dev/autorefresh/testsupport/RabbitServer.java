package dev.autorefresh.testsupport;

/** A running RabbitMQ broker reachable on loopback. */
public record RabbitServer(String host, int port, String username, String password) {
}
