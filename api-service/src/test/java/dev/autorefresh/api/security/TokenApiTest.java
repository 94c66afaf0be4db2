package dev.autorefresh.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autorefresh.api.web.ApiClient;
import dev.autorefresh.api.web.ApiTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/** Tokens made, used, listed and revoked through the REST API, and how the API answers a stranger. */
@ApiTest
class TokenApiTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    FailedAuthentications failures;

    ApiClient admin;

    @BeforeEach
    void setUp() {
        failures.forgetAll();
        jdbc.update("delete from api.api_token where name <> 'bootstrap'");
        admin = new ApiClient(port);
    }

    @Test
    void aNewTokenIsShownOnceStoredOnlyAsAHashAndWorksAtOnce() {
        ApiClient.Reply created = admin.post("/api/tokens", "{\"name\": \"ci-reader\", \"role\": \"viewer\"}");

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode body = created.json();
        String secret = body.get("token").stringValue();
        assertThat(secret).startsWith("art_").hasSizeGreaterThanOrEqualTo(40);
        assertThat(body.get("role").stringValue()).isEqualTo("viewer");
        assertThat(body.get("createdBy").stringValue()).isEqualTo("bootstrap");
        assertThat(secret).startsWith(body.get("prefix").stringValue());

        List<Map<String, Object>> rows = jdbc.queryForList("select * from api.api_token where name = 'ci-reader'");
        assertThat(rows).hasSize(1);
        assertThat(rows.getFirst().toString()).doesNotContain(secret.substring(8));
        assertThat(rows.getFirst().get("token_hash").toString().trim()).isEqualTo(ApiTokens.hash(secret));

        ApiClient.Reply listing = admin.get("/api/tokens");
        assertThat(listing.status()).isEqualTo(200);
        assertThat(listing.body()).doesNotContain(secret.substring(8)).doesNotContain(ApiTokens.hash(secret))
                .contains("ci-reader").doesNotContain("\"token\"").doesNotContain("hash");

        assertThat(new ApiClient(port, secret).get("/api/accounts").status()).isEqualTo(200);
        assertThat(jdbc.queryForObject("select last_used_at is not null from api.api_token where name = 'ci-reader'",
                Boolean.class)).isTrue();
    }

    @Test
    void aRevokedTokenIsRefusedOnItsVeryNextRequest() {
        ApiClient.Reply created = admin.post("/api/tokens", "{\"name\": \"short-lived\", \"role\": \"admin\"}");
        String id = created.json().get("id").stringValue();
        ApiClient holder = new ApiClient(port, created.json().get("token").stringValue());
        assertThat(holder.get("/api/accounts").status()).isEqualTo(200);

        ApiClient.Reply revoked = admin.delete("/api/tokens/" + id);

        assertThat(revoked.status()).as(revoked.body()).isEqualTo(200);
        assertThat(revoked.json().get("revokedAt").isNull()).isFalse();
        holder.get("/api/accounts").assertError(401);
        assertThat(admin.get("/api/tokens").body()).contains("short-lived");
    }

    @Test
    void badTokenRequestsAreRefusedAndChangeNothing() {
        int before = count();
        admin.post("/api/tokens", "{\"name\": \"x\", \"role\": \"root\"}").assertError(400);
        admin.post("/api/tokens", "{\"name\": \"\", \"role\": \"viewer\"}").assertError(400);
        admin.post("/api/tokens", "{\"name\": \"a/b\", \"role\": \"viewer\"}").assertError(400);
        admin.post("/api/tokens", "{\"role\": \"viewer\"}").assertError(400);
        admin.post("/api/tokens", "not json").assertError(400);
        admin.delete("/api/tokens/not-a-uuid").assertError(400);
        admin.delete("/api/tokens/00000000-0000-0000-0000-000000000000").assertError(404);
        assertThat(count()).isEqualTo(before);

        admin.post("/api/tokens", "{\"name\": \"twice\", \"role\": \"viewer\"}");
        admin.post("/api/tokens", "{\"name\": \"twice\", \"role\": \"viewer\"}").assertError(409);
        assertThat(count()).isEqualTo(before + 1);
    }

    @Test
    void aCallerWithoutCredentialsIsToldToBringABearerToken() {
        ApiClient.Reply reply = ApiClient.anonymous(port).get("/api/accounts");

        reply.assertError(401);
        assertThat(reply.headers().firstValue("www-authenticate")).hasValue("Bearer");
        assertThat(new ApiClient(port, "art_wrong").get("/api/accounts").error()).contains("unknown or revoked");
    }

    @Test
    void repeatedWrongTokensFromOneAddressAreSlowedDownWith429() {
        ApiClient guesser = new ApiClient(port, "art_guess-guess-guess-guess-guess-guess");
        for (int i = 0; i < 10; i++) {
            guesser.get("/api/accounts").assertError(401);
        }

        ApiClient.Reply slowed = guesser.get("/api/accounts");

        slowed.assertError(429);
        assertThat(slowed.headers().firstValue("retry-after")).isPresent();
        assertThat(Long.parseLong(slowed.headers().firstValue("retry-after").orElseThrow())).isBetween(1L, 60L);
        // A right token from the same address waits too: the address, not the token, is slowed down.
        ApiClient.Reply sameAddress = admin.get("/api/accounts");
        sameAddress.assertError(429);
        failures.forgetAll();
        assertThat(admin.get("/api/accounts").status()).isEqualTo(200);
    }

    @Test
    void aBodyOverTheLimitIsRefusedWith413BeforeAnythingReadsIt() {
        int accounts = jdbc.queryForObject("select count(*) from api.account", Integer.class);
        String huge = "{\"name\": \"big\", \"apiKey\": \"sk-ant-" + "a".repeat(70 * 1024) + "\"}";

        ApiClient.Reply reply = admin.post("/api/accounts", huge);

        reply.assertError(413);
        assertThat(reply.json().get("details").get("maxBytes").asLong()).isEqualTo(64 * 1024);
        assertThat(jdbc.queryForObject("select count(*) from api.account", Integer.class)).isEqualTo(accounts);
    }

    @Test
    void aChunkedBodyOverTheLimitIsRefusedToo() {
        String huge = "{\"name\": \"big\", \"apiKey\": \"sk-ant-" + "a".repeat(70 * 1024) + "\"}";

        admin.postChunked("/api/accounts", huge).assertError(413);
        ApiClient.Reply small = admin.postChunked("/api/tokens", "{\"name\": \"chunked\", \"role\": \"viewer\"}");
        assertThat(small.status()).as(small.body()).isEqualTo(201);
    }

    private int count() {
        return jdbc.queryForObject("select count(*) from api.api_token", Integer.class);
    }
}
