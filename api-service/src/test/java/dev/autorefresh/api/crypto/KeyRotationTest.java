package dev.autorefresh.api.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.autorefresh.api.ApiServiceApplication;
import dev.autorefresh.api.accounts.AccountRepository;
import dev.autorefresh.api.accounts.Credentials;
import dev.autorefresh.api.web.ApiTest;
import dev.autorefresh.testsupport.PostgresServer;
import dev.autorefresh.testsupport.TestInfrastructure;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A key rotation as an operator does it: rows written under k1 (and plaintext rows from before encryption), the
 * service restarted with {@code k2,k1}, the re-encrypt pass, and then k1 no longer needed.
 */
@ApiTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
@DirtiesContext
@ExtendWith(OutputCaptureExtension.class)
class KeyRotationTest {

    private static final String K1 = TestKeys.key();
    private static final String K2 = TestKeys.key();
    private static final String K3 = TestKeys.key();

    @DynamicPropertySource
    static void keys(DynamicPropertyRegistry registry) {
        registry.add("autorefresh.api.crypto.keys", () -> "k2:" + K2 + ",k1:" + K1);
    }

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    AccountRepository accounts;
    @Autowired
    Reencryption reencryption;
    @Autowired
    StoredSecretsCheck startupCheck;

    private final SecretCipher k1Only = TestKeys.cipher("k1:" + K1);
    private final String apiKey = "sk-ant-api03-" + UUID.randomUUID();
    private final String legacyKey = "sk-ant-api03-legacy-" + UUID.randomUUID();
    private final String accessToken = "sk-ant-oat01-" + UUID.randomUUID();
    private final String refreshToken = "sk-ant-ort01-legacy-" + UUID.randomUUID();
    private UUID underK1;
    private UUID plaintext;
    private UUID mixed;

    @BeforeEach
    void rowsWrittenBeforeTheRotation() {
        clear();
        underK1 = insert("under-k1", k1Only.encrypt(apiKey), null, null);
        plaintext = insert("plaintext", legacyKey, null, null);
        mixed = insert("mixed", null, k1Only.encrypt(accessToken), refreshToken);
    }

    @AfterEach
    void clear() {
        // Other test contexts hold only the test key: leave no row they cannot read.
        jdbc.update("delete from api.account");
        jdbc.update("delete from api.notification_webhook");
    }

    @Test
    void aNotificationWebhooksUrlAndSigningSecretMoveToTheActiveKeyToo() {
        String url = "https://hooks.example.com/services/" + UUID.randomUUID();
        String signingSecret = "whsec_" + UUID.randomUUID();
        jdbc.update("insert into api.notification_webhook (id, kind, url, origin, signing_secret, created_at)"
                + " values (?, 'SLACK', ?, 'https://hooks.example.com:443', ?, now())", UUID.randomUUID(),
                k1Only.encrypt(url), k1Only.encrypt(signingSecret));

        Reencryption.Result result = reencryption.run();

        assertThat(result).isEqualTo(new Reencryption.Result(4, 4, 0));
        SecretCipher k2Only = TestKeys.cipher("k2:" + K2);
        List<String> stored = jdbc.query("select url, signing_secret from api.notification_webhook",
                (rs, n) -> List.of(rs.getString(1), rs.getString(2))).getFirst();
        assertThat(stored).allSatisfy(value -> assertThat(value).startsWith("enc:v1:k2:"))
                .extracting(k2Only::decrypt).containsExactly(url, signingSecret);
        assertThat(reencryption.census()).isEqualTo(Map.of("k2", 6));
    }

    @Test
    void readsEveryOldValueThenMovesThemAllToTheActiveKeySoTheOldKeyCanGo(CapturedOutput output) {
        assertThat(credentials(underK1)).isEqualTo(new Credentials.ApiKey(apiKey));
        assertThat(credentials(plaintext)).isEqualTo(new Credentials.ApiKey(legacyKey));
        assertThat(credentials(mixed)).isEqualTo(new Credentials.OAuth(accessToken, refreshToken,
                Instant.parse("2999-01-01T00:00:00Z")));
        assertThat(reencryption.census()).isEqualTo(Map.of("k1", 2, "", 2));
        startupCheck.run(null);
        assertThat(output.getOut()).contains("Stored secrets not under the active key 'k2'")
                .contains("--autorefresh.crypto.reencrypt=true");

        Reencryption.Result result = reencryption.run();

        assertThat(result).isEqualTo(new Reencryption.Result(3, 3, 0));
        assertThat(reencryption.census()).isEqualTo(Map.of("k2", 4));
        SecretCipher k2Only = TestKeys.cipher("k2:" + K2);
        assertThat(storedSecrets()).allSatisfy(value -> assertThat(value).startsWith("enc:v1:k2:"))
                .extracting(k2Only::decrypt)
                .containsExactlyInAnyOrder(apiKey, legacyKey, accessToken, refreshToken);
        assertThat(reencryption.run()).isEqualTo(new Reencryption.Result(3, 0, 0));
    }

    @Test
    void theReencryptCommandMovesEverythingToANewKeyAndExits(CapturedOutput output) {
        PostgresServer postgres = TestInfrastructure.postgres();

        int exitCode = ReencryptCommand.run(ApiServiceApplication.class, new String[] {
                "--autorefresh.crypto.reencrypt=true",
                "--autorefresh.api.crypto.keys=k3:" + K3 + ",k2:" + K2 + ",k1:" + K1,
                "--spring.datasource.url=" + postgres.jdbcUrl(),
                "--spring.datasource.username=" + postgres.username(),
                "--spring.datasource.password=" + postgres.password()});

        assertThat(exitCode).isZero();
        assertThat(output.getOut()).contains("Re-encryption with key 'k3': 3 account(s) scanned, 3 re-encrypted")
                .doesNotContain("Tomcat started");
        assertThat(storedSecrets()).allSatisfy(value -> assertThat(value).startsWith("enc:v1:k3:"));
        assertThat(storedSecrets()).extracting(TestKeys.cipher("k3:" + K3)::decrypt)
                .containsExactlyInAnyOrder(apiKey, legacyKey, accessToken, refreshToken);
        assertThat(ReencryptCommand.requested(new String[] {"--autorefresh.crypto.reencrypt=true"})).isTrue();
        assertThat(ReencryptCommand.requested(new String[] {"--autorefresh.crypto.reencrypt=false"})).isFalse();
    }

    @Test
    void aValueUnderAKeyNoLongerConfiguredStopsThePassLoudly() {
        insert("under-k0", TestKeys.cipher("k0:" + TestKeys.key()).encrypt(apiKey), null, null);

        assertThat(reencryption.census()).containsEntry("k0", 1);
        assertThatThrownBy(reencryption::run).isInstanceOf(SecretCipher.UndecryptableSecret.class)
                .hasMessageContaining("key 'k0', which is not configured");
    }

    private Credentials credentials(UUID id) {
        return accounts.findById(id).orElseThrow().credentials();
    }

    private List<String> storedSecrets() {
        return jdbc.queryForList("select v from (select api_key v from api.account union all"
                + " select access_token from api.account union all select refresh_token from api.account) s"
                + " where v is not null", String.class);
    }

    private UUID insert(String name, String apiKey, String accessToken, String refreshToken) {
        UUID id = UUID.randomUUID();
        jdbc.update("insert into api.account (id, name, api_key, access_token, refresh_token, token_expires_at)"
                        + " values (?, ?, ?, ?, ?, ?)", id, name, apiKey, accessToken, refreshToken,
                accessToken == null ? null : java.sql.Timestamp.from(Instant.parse("2999-01-01T00:00:00Z")));
        return id;
    }
}
