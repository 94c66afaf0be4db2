package dev.autorefresh.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The stub upstream's control endpoints: its config, per-account faults and per-account figures. */
final class StubControl {

    /** What the stub counted for one account. */
    record Figures(long requests, long paid, long windowsStarted, long duplicates, long answersLost, long reset,
            long maxLagMillis) {

        static final Figures NONE = new Figures(0, 0, 0, 0, 0, 0, 0);
    }

    private final String baseUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final JsonMapper json = JsonMapper.builder().build();

    StubControl(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    void configure(String body) {
        expect200(send("POST", "/_stub/config", body));
    }

    void fault(String credential, String mode, long latencyMs) {
        expect200(send("POST", "/_stub/faults", """
                {"account": "%s", "mode": "%s", "latencyMs": %d}""".formatted(hash(credential), mode, latencyMs)));
    }

    /** The account's window starts now, as if its user had sent a message himself. */
    void userTraffic(String credential) {
        expect200(send("POST", "/_stub/faults/user-traffic", "{\"account\": \"" + hash(credential) + "\"}"));
    }

        void clearFaults() {
        expect200(send("DELETE", "/_stub/faults", null));
    }

    /** The stub's figures by account hash. */
    Map<String, Figures> accounts() {
        JsonNode list = json.readTree(expect200(send("GET", "/_stub/accounts", null)));
        var figures = new HashMap<String, Figures>();
        for (JsonNode entry : list) {
            JsonNode c = entry.get("counter");
            long reset = c.get("reset").isNull() ? 0 : java.time.Instant.parse(c.get("reset").asString()).getEpochSecond();
            long lag = c.get("maxLagMillis").isNull() ? 0 : c.get("maxLagMillis").asLong();
            figures.put(entry.get("account").asString(), new Figures(c.get("requests").asLong(), c.get("paid").asLong(),
                    c.get("windowsStarted").asLong(), c.get("duplicates").asLong(), c.get("answersLost").asLong(),
                    reset, lag));
        }
        return figures;
    }

    /** Refresh-token reuses per token lineage (the hash of the refresh token it started from). */
    Map<String, Long> tokenReuses() {
        var reuses = new java.util.HashMap<String, Long>();
        for (var lineage : json.readTree(expect200(send("GET", "/_stub/tokens", null)))) {
            reuses.put(lineage.get("account").asString(), lineage.get("reuses").asLong());
        }
        return reuses;
    }

    /** Every messages call the stub has received, of any account. */
    long requests() {
        return json.readTree(expect200(send("GET", "/_stub/stats", null))).get("requests").asLong();
    }

    static String hash(String credential) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(credential.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /**
     * A control request, asked once more when the connection it went out on was one the stub had already closed
     * ("header parser received no bytes" on a pooled connection kept from before a restart). Every control request
     * sets a state, so asking twice changes nothing.
     */
    private HttpResponse<String> send(String method, String path, String body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(10))
                .header("content-type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            try {
                return http.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (IOException staleConnection) {
                return http.send(request, HttpResponse.BodyHandlers.ofString());
            }
        } catch (IOException e) {
            throw new IllegalStateException("the stub did not answer " + method + " " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String expect200(HttpResponse<String> response) {
        if (response.statusCode() != 200) {
            throw new IllegalStateException("stub answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }
}
