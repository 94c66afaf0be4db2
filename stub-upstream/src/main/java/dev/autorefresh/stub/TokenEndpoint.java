package dev.autorefresh.stub;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The OAuth token endpoint ({@code POST .../oauth/token}, {@code grant_type=refresh_token}) the way a provider that
 * rotates refresh tokens behaves: each refresh token works once, the answer brings a new access token and a new
 * refresh token, and a used refresh token is refused ({@code invalid_grant}). The rotation happens when the
 * request arrives and the answer waits the configured latency, so a client that dies meanwhile has lost its tokens.
 *
 * <p>Every token it issues belongs to the lineage of the first refresh token the chain started from: messages and
 * usage checks made with an issued access token count for that lineage, so a test follows one account across
 * rotations by its original refresh token. No token is kept in clear: lineages are keyed by hashes.
 */
final class TokenEndpoint implements HttpHandler {

    static final String PATH = "/oauth/token";
    static final Duration ACCESS_TOKEN_LIFETIME = Duration.ofHours(8);

    private final AtomicReference<StubConfig> config;
    private final AnthropicReplies replies;
    private final JsonMapper json;
    private final RequestLog log;
    private final Set<AccountKey> usedRefreshTokens = ConcurrentHashMap.newKeySet();
    private final Map<AccountKey, AccountKey> lineageOf = new ConcurrentHashMap<>();
    private final Map<AccountKey, Figures> figures = new ConcurrentHashMap<>();

    /** One lineage's figures: refresh tokens rotated, and used ones presented again. */
    record Figures(long rotations, long reuses) {
    }

    /** A lineage in wire form: the hash of the refresh token it started from, with its figures. */
    record LineageView(String account, long rotations, long reuses) {
    }

    TokenEndpoint(AtomicReference<StubConfig> config, AnthropicReplies replies, JsonMapper json, RequestLog log) {
        this.config = config;
        this.replies = replies;
        this.json = json;
        this.log = log;
    }

    /** The account a credential counts for: the lineage of an issued token, else the credential itself. */
    AccountKey accountOf(AccountKey credential) {
        return lineageOf.getOrDefault(credential, credential);
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        if (!"POST".equals(exchange.getRequestMethod())) {
            exchange.getResponseHeaders().set("allow", "POST");
            Exchanges.sendJson(exchange, 405, oauthError("invalid_request", "use POST"));
            return;
        }
        String refreshToken = refreshToken(Exchanges.readBody(exchange));
        if (refreshToken == null) {
            Exchanges.sendJson(exchange, 400, oauthError("invalid_request",
                    "expected a JSON body with grant_type \"refresh_token\" and a refresh_token"));
            return;
        }
        AccountKey presented = AccountKey.of(refreshToken);
        AccountKey lineage = accountOf(presented);
        if (!usedRefreshTokens.add(presented)) {
            figures.merge(lineage, new Figures(0, 1), TokenEndpoint::sum);
            log.note("token endpoint: refresh token of " + lineage + " used again; refused");
            Exchanges.sendJson(exchange, 400, oauthError("invalid_grant", "refresh token already used"));
            return;
        }
        String accessToken = "stub-oauth-access-" + UUID.randomUUID();
        String nextRefreshToken = "stub-oauth-refresh-" + UUID.randomUUID();
        lineageOf.put(AccountKey.of(accessToken), lineage);
        lineageOf.put(AccountKey.of(nextRefreshToken), lineage);
        figures.merge(lineage, new Figures(1, 0), TokenEndpoint::sum);
        Duration latency = config.get().latency();
        if (latency.isPositive()) {
            try {
                Thread.sleep(latency);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        var body = json.createObjectNode()
                .put("token_type", "Bearer")
                .put("access_token", accessToken)
                .put("refresh_token", nextRefreshToken)
                .put("expires_in", ACCESS_TOKEN_LIFETIME.toSeconds());
        Exchanges.sendJson(exchange, 200, json.writeValueAsBytes(body));
    }

    List<LineageView> snapshot() {
        return figures.entrySet().stream()
                .map(entry -> new LineageView(entry.getKey().hash(), entry.getValue().rotations(), entry.getValue().reuses()))
                .sorted(Comparator.comparing(LineageView::account)).toList();
    }

    void clear() {
        usedRefreshTokens.clear();
        lineageOf.clear();
        figures.clear();
    }

    private String refreshToken(byte[] body) {
        try {
            JsonNode request = json.readTree(body);
            if (request == null || !request.isObject()
                    || !"refresh_token".equals(request.path("grant_type").asString(""))) {
                return null;
            }
            String token = request.path("refresh_token").asString("");
            return token.isBlank() ? null : token.strip();
        } catch (JacksonException malformed) {
            return null;
        }
    }

    private byte[] oauthError(String error, String description) {
        return json.writeValueAsBytes(Map.of("error", error, "error_description", description));
    }

    private static Figures sum(Figures a, Figures b) {
        return new Figures(a.rotations() + b.rotations(), a.reuses() + b.reuses());
    }
}
