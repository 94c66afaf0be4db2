package dev.autorefresh.api.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autorefresh.api.web.ApiClient;
import dev.autorefresh.api.web.ApiTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Secrets are decrypted only when a credential is used, never to show or change an account. Proven with a secret
 * that cannot be decrypted (its key is not configured): anything that decrypted it would fail.
 */
@ApiTest
class ListingsDecryptNothingTest {

    /** Well-formed, but under a key this service does not have. */
    private static final String UNDECRYPTABLE = "enc:v1:gone:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    AccountRepository accounts;
    ApiClient api;

    @BeforeEach
    void setUp() {
        jdbc.update("delete from api.account");
        api = new ApiClient(port);
    }

    @Test
    void listingReadingAndChangingAnAccountNeverDecryptItsSecrets() {
        String keyAccount = api.createWithApiKey("sealed-key");
        String oauthAccount = api.create("""
                {"name": "sealed-oauth", "accessToken": "sk-ant-oat01-x", "refreshToken": "sk-ant-ort01-y",
                 "expiresAt": "2030-01-01T00:00:00Z"}""");
        jdbc.update("update api.account set api_key = ? where id = ?::uuid", UNDECRYPTABLE, keyAccount);
        jdbc.update("update api.account set access_token = ?, refresh_token = ? where id = ?::uuid", UNDECRYPTABLE,
                UNDECRYPTABLE, oauthAccount);

        ApiClient.Reply list = api.get("/api/accounts");
        assertThat(list.status()).as(list.body()).isEqualTo(200);
        assertThat(names(list.json())).containsExactlyInAnyOrder("sealed-key", "sealed-oauth");
        assertThat(api.get("/api/accounts?page=0&size=1").status()).isEqualTo(200);
        assertThat(api.get("/api/accounts/" + oauthAccount).json().get("authType").stringValue()).isEqualTo("oauth");
        for (String id : List.of(keyAccount, oauthAccount)) {
            assertThat(api.post("/api/accounts/" + id + "/pause", null).status()).isEqualTo(200);
            assertThat(api.post("/api/accounts/" + id + "/priority", "{\"priority\": 3}").status()).isEqualTo(200);
            assertThat(api.post("/api/accounts/" + id + "/auto-refresh", "{\"enabled\": 1}").status()).isEqualTo(200);
        }

        // Written back untouched: a change to other columns does not rewrite a secret.
        assertThat(jdbc.queryForObject("select api_key from api.account where id = ?::uuid", String.class, keyAccount))
                .isEqualTo(UNDECRYPTABLE);
        assertThat(jdbc.queryForObject("select refresh_token from api.account where id = ?::uuid", String.class,
                oauthAccount)).isEqualTo(UNDECRYPTABLE);
    }

    @Test
    void usingTheCredentialIsWhatDecryptsIt() {
        String id = api.createWithApiKey("used");
        Account loaded = accounts.findById(java.util.UUID.fromString(id)).orElseThrow();
        assertThat(((Credentials.ApiKey) loaded.credentials()).key()).isEqualTo("sk-ant-api03-used");

        jdbc.update("update api.account set api_key = ? where id = ?::uuid", UNDECRYPTABLE, id);
        Account sealed = accounts.findById(java.util.UUID.fromString(id)).orElseThrow();

        assertThat(sealed.name()).isEqualTo("used");
        org.assertj.core.api.Assertions.assertThatThrownBy(sealed::credentials)
                .hasMessageContaining("'gone'").hasMessageNotContaining("AAAAAAAA");
    }

    private static List<String> names(JsonNode array) {
        List<String> names = new ArrayList<>();
        array.forEach(account -> names.add(account.get("name").stringValue()));
        return names;
    }
}
