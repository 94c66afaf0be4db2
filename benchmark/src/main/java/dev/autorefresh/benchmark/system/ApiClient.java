package dev.autorefresh.benchmark.system;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/** The public REST API, called as the guide's curl commands call it. */
public final class ApiClient {

    /** An account as {@code GET /api/accounts} shows it, reduced to what the benchmark watches. */
    public record AccountView(UUID id, String name, Instant rateLimitReset, String lastRefreshOutcome) {
    }

    private final Http http;

    /** @param token an admin API token of the api-service */
    public ApiClient(String baseUrl, String token) {
        this.http = new Http(baseUrl, Duration.ofSeconds(60), token);
    }

    /** An API-key account whose custom endpoint is the stub; auto-refresh stays off until enabled. */
    public UUID createAccount(String name, String apiKey, String customEndpoint) {
        JsonNode created = http.post("/api/accounts", Http.JSON.writeValueAsString(java.util.Map.of(
                "name", name, "apiKey", apiKey, "customEndpoint", customEndpoint)), 201);
        return UUID.fromString(created.path("id").asString());
    }

    public void setAutoRefresh(UUID id, boolean enabled) {
        // Exactly the guide's body.
        http.post("/api/accounts/" + id + "/auto-refresh", "{\"enabled\": " + (enabled ? 1 : 0) + "}", 200);
    }

    public List<AccountView> accounts() {
        var accounts = new ArrayList<AccountView>();
        for (JsonNode account : http.get("/api/accounts", 200)) {
            String reset = account.path("rateLimitReset").asString(null);
            accounts.add(new AccountView(UUID.fromString(account.path("id").asString()),
                    account.path("name").asString(), reset == null ? null : Instant.parse(reset),
                    account.path("lastRefresh").path("outcome").asString(null)));
        }
        return accounts;
    }
}
