package dev.autorefresh.api.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autorefresh.api.accounts.AccountRepository;
import dev.autorefresh.api.accounts.Credentials;
import dev.autorefresh.api.web.ApiClient;
import dev.autorefresh.api.web.ApiTest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/** What a copy of the database would give away: no token and no key, only ciphertext and key ids. */
@ApiTest
class EncryptionAtRestTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    AccountRepository accounts;
    @Autowired
    TransactionTemplate transactions;

    private ApiClient api;
    private final List<String> secrets = new ArrayList<>();

    @BeforeEach
    void setUp() {
        jdbc.update("delete from api.account");
        api = new ApiClient(port);
    }

    @Test
    void theRawRowsHoldNoPlaintextSecret() {
        String apiKey = secret("sk-ant-api03-");
        String accessToken = secret("sk-ant-oat01-");
        String refreshToken = secret("sk-ant-ort01-");
        String keyed = api.create("{\"name\": \"keyed\", \"apiKey\": \"" + apiKey + "\"}");
        String oauth = api.create("{\"name\": \"oauth\", \"accessToken\": \"" + accessToken + "\", \"refreshToken\": \""
                + refreshToken + "\", \"expiresAt\": \"2999-01-01T00:00:00Z\"}");
        String replacement = secret("sk-ant-api03-");
        assertThat(api.post("/api/accounts/" + keyed + "/credentials", "{\"apiKey\": \"" + replacement + "\"}")
                .status()).isEqualTo(200);

        String everything = String.join("\n", jdbc.queryForList("select t::text from api.account t", String.class));
        for (String secret : secrets) {
            assertThat(everything).doesNotContain(secret);
        }
        List<String> stored = jdbc.queryForList("select v from (select api_key v from api.account union all"
                + " select access_token from api.account union all select refresh_token from api.account) s"
                + " where v is not null", String.class);
        assertThat(stored).hasSize(3).allSatisfy(value -> assertThat(value).startsWith("enc:v1:test:"));

        assertThat(accounts.findById(UUID.fromString(keyed)).orElseThrow().credentials())
                .isEqualTo(new Credentials.ApiKey(replacement));
        assertThat(accounts.findById(UUID.fromString(oauth)).orElseThrow().credentials())
                .isEqualTo(new Credentials.OAuth(accessToken, refreshToken, Instant.parse("2999-01-01T00:00:00Z")));
    }

    @Test
    void theSameSecretIsStoredDifferentlyEachTime() {
        String shared = secret("sk-ant-api03-");
        api.create("{\"name\": \"first\", \"apiKey\": \"" + shared + "\"}");
        api.create("{\"name\": \"second\", \"apiKey\": \"" + shared + "\"}");

        assertThat(jdbc.queryForList("select distinct api_key from api.account", String.class)).hasSize(2);
    }

    @Test
    void aChangeToAnotherFieldLeavesTheSecretReadable() {
        String apiKey = secret("sk-ant-api03-");
        String id = api.create("{\"name\": \"touched\", \"apiKey\": \"" + apiKey + "\"}");

        api.post("/api/accounts/" + id + "/priority", "{\"priority\": 7}");
        api.post("/api/accounts/" + id + "/pause", null);

        assertThat(accounts.findById(UUID.fromString(id)).orElseThrow().credentials())
                .isEqualTo(new Credentials.ApiKey(apiKey));
    }

    @Test
    void readingAnAccountInAWritingTransactionDoesNotRewriteIt() {
        String id = api.create("{\"name\": \"read-only\", \"apiKey\": \"" + secret("sk-ant-api03-") + "\"}");
        String before = jdbc.queryForObject("select api_key || '/' || version from api.account where id = ?::uuid",
                String.class, id);

        // A fresh nonce per encryption must not make Hibernate see a change where there is none.
        transactions.executeWithoutResult(status -> accounts.findForUpdate(UUID.fromString(id)).orElseThrow());

        assertThat(jdbc.queryForObject("select api_key || '/' || version from api.account where id = ?::uuid",
                String.class, id)).isEqualTo(before);
    }

    private String secret(String prefix) {
        String secret = prefix + UUID.randomUUID().toString().replace("-", "") + "SECRET";
        secrets.add(secret);
        return secret;
    }
}
