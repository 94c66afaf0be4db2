package dev.autorefresh.api.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autorefresh.api.web.ApiClient;
import dev.autorefresh.api.web.ApiTest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/** Tokens and keys go in through the API and are stored, but never come back out of it, nor into the log. */
@ApiTest
@ExtendWith(OutputCaptureExtension.class)
class SecretsNeverLeakTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    AccountRepository accounts;
    ApiClient api;

    private final List<String> secrets = new ArrayList<>();
    private final List<String> bodies = new ArrayList<>();
    private final List<Integer> statuses = new ArrayList<>();

    @BeforeEach
    void setUp() {
        jdbc.update("delete from api.account");
        api = new ApiClient(port);
    }

    @Test
    void noResponseAndNoLogLineContainsATokenOrKey(CapturedOutput output) {
        String apiKey = secret("sk-ant-api03-");
        String accessToken = secret("sk-ant-oat01-");
        String refreshToken = secret("sk-ant-ort01-");
        String keyId = record(api.post("/api/accounts",
                "{\"name\": \"keyed\", \"apiKey\": \"" + apiKey + "\"}")).json().get("id").stringValue();
        String oauthId = record(api.post("/api/accounts", "{\"name\": \"oauth\", \"accessToken\": \"" + accessToken
                + "\", \"refreshToken\": \"" + refreshToken + "\", \"expiresAt\": \"2999-01-01T00:00:00Z\"}"))
                .json().get("id").stringValue();
        jdbc.update("insert into api.refresh_attempt (refresh_id, account_id, outcome, http_status, error, sent_at)"
                + " values (gen_random_uuid(), ?::uuid, 'AUTH', 401, 'invalid x-api-key', now())", keyId);

        for (String id : List.of(keyId, oauthId)) {
            String path = "/api/accounts/" + id;
            record(api.get(path));
            record(api.get(path + "/refreshes"));
            record(api.post(path + "/auto-refresh", "{\"enabled\": 1}"));
            record(api.post(path + "/auto-fallback", "{\"enabled\": true}"));
            record(api.post(path + "/custom-endpoint", "{\"customEndpoint\": \"https://proxy.example.com\"}"));
            record(api.post(path + "/priority", "{\"priority\": 3}"));
            record(api.post(path + "/pause", null));
            record(api.post(path + "/resume", null));
        }
        String newKey = secret("sk-ant-api03-");
        record(api.post("/api/accounts/" + keyId + "/credentials", "{\"apiKey\": \"" + newKey + "\"}"));
        String newAccess = secret("sk-ant-oat01-");
        record(api.post("/api/accounts/" + oauthId + "/credentials",
                "{\"accessToken\": \"" + newAccess + "\", \"expiresAt\": \"2999-01-01T00:00:00Z\"}"));
        // refused requests that carry secrets
        record(api.post("/api/accounts", "{\"name\": \"keyed\", \"apiKey\": \"" + secret("sk-ant-api03-") + "\"}"));
        String spaced = secret("sk-ant-api03- ");
        record(api.post("/api/accounts", "{\"name\": \"spaced\", \"apiKey\": \"" + spaced + "\"}"));
        record(api.post("/api/accounts", "{\"name\": \"broken\", \"apiKey\": " + secret("sk-ant-api03-") + "}"));
        record(api.post("/api/accounts/" + oauthId + "/credentials",
                "{\"accessToken\": \"" + secret("sk-ant-oat01-") + "\", \"expiresAt\": \"never\"}"));
        record(api.get("/api/accounts"));
        record(api.get("/api/stats"));
        record(api.get("/health"));
        record(api.delete("/api/accounts/" + keyId));

        assertThat(statuses).filteredOn(status -> status < 300).hasSize(24);
        assertThat(statuses).filteredOn(status -> status >= 400).hasSize(4);
        // Stored encrypted, read back in plain text by the service.
        assertThat(jdbc.queryForObject("select access_token from api.account where id = ?::uuid", String.class,
                oauthId)).startsWith("enc:v1:test:").doesNotContain(newAccess);
        assertThat(accounts.findById(UUID.fromString(oauthId)).orElseThrow().credentials())
                .isEqualTo(new Credentials.OAuth(newAccess, null, Instant.parse("2999-01-01T00:00:00Z")));
        for (String secret : secrets) {
            String distinctive = secret.substring(secret.length() - 20);
            assertThat(bodies).noneMatch(body -> body.contains(distinctive));
            assertThat(output.getAll()).doesNotContain(distinctive);
        }
    }

    private String secret(String prefix) {
        String secret = prefix + UUID.randomUUID().toString().replace("-", "") + "SECRET";
        secrets.add(secret);
        return secret;
    }

    private ApiClient.Reply record(ApiClient.Reply reply) {
        bodies.add(reply.body());
        statuses.add(reply.status());
        return reply;
    }
}
