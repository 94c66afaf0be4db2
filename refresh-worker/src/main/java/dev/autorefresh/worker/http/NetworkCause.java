package dev.autorefresh.worker.http;

import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import javax.net.ssl.SSLException;

/**
 * A short, safe cause for a call that got no response. Exception messages are not used: they may carry a URL,
 * and a URL may carry something that must not reach a log or an event.
 */
public final class NetworkCause {

    private NetworkCause() {
    }

    public static String describe(IOException e) {
        return switch (e) {
            case HttpConnectTimeoutException ignored -> "connect timed out";
            case HttpTimeoutException ignored -> "timed out";
            case ConnectException ignored -> "could not connect";
            case UnknownHostException ignored -> "unknown host";
            case SSLException ignored -> "TLS failure";
            default -> "I/O error (" + e.getClass().getSimpleName() + ")";
        };
    }
}
