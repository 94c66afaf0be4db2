package dev.autorefresh.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autorefresh.api.web.ApiClient;
import java.util.UUID;

/** Tokens made through the REST API, as an admin would. */
final class Tokens {

    private Tokens() {
    }

    /** A new token's secret, with a unique name. */
    static String create(ApiClient admin, String role) {
        String name = role + "-" + UUID.randomUUID().toString().substring(0, 8);
        ApiClient.Reply reply = admin.post("/api/tokens", "{\"name\": \"" + name + "\", \"role\": \"" + role + "\"}");
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        return reply.json().get("token").stringValue();
    }
}
