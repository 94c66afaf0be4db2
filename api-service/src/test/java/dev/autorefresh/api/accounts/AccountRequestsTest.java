package dev.autorefresh.api.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.autorefresh.api.accounts.AccountRequests.CredentialsRequest;
import dev.autorefresh.api.accounts.AccountRequests.EnabledRequest;
import dev.autorefresh.api.accounts.AccountRequests.NewAccountRequest;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/** The request records on their own: what they read, and what they refuse (the HTTP answers: AccountBadInputTest). */
class AccountRequestsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static jakarta.validation.ValidatorFactory validation;
    private static Validator validator;

    @BeforeAll
    static void startValidation() {
        validation = Validation.buildDefaultValidatorFactory();
        validator = validation.getValidator();
    }

    @AfterAll
    static void stopValidation() {
        validation.close();
    }

    @Test
    void readsTheGuidesFlagsAndBooleans() {
        assertThat(read("{\"enabled\": 1}", EnabledRequest.class).enabled()).isTrue();
        assertThat(read("{\"enabled\": 0}", EnabledRequest.class).enabled()).isFalse();
        assertThat(read("{\"enabled\": true}", EnabledRequest.class).enabled()).isTrue();
        assertThat(read("{\"enabled\": false}", EnabledRequest.class).enabled()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"enabled\": \"yes\"}", "{\"enabled\": 2}", "{\"enabled\": null}", "{}",
            "{\"enabled\": 1.5}", "{\"enabled\": \"0\"}", "{\"enabled\": 1e0}"})
    void refusesAnythingElseAsAFlag(String body) {
        // Refused while reading (the wrong JSON type or value) or by validation (missing): both answer 400.
        assertThat(refused(body, EnabledRequest.class)).isTrue();
    }

    @Test
    void takesAnthropicAndPriorityZeroByDefault() {
        NewAccount account = read("{\"name\": \"a\", \"apiKey\": \"k\"}", NewAccountRequest.class).toNewAccount(null);

        assertThat(account).isEqualTo(new NewAccount("a", "anthropic", new Credentials.ApiKey("k"), 0, null));
    }

    @Test
    void readsOAuthTokensWithOrWithoutARefreshToken() {
        var withRefresh = read(
                "{\"accessToken\": \"a\", \"refreshToken\": \"r\", \"expiresAt\": \"2030-01-01T00:00:00Z\"}",
                CredentialsRequest.class).credentials();
        var without = read("{\"accessToken\": \"a\", \"expiresAt\": \"2030-01-01T00:00:00.5+02:00\"}",
                CredentialsRequest.class).credentials();

        assertThat(withRefresh).isEqualTo(new Credentials.OAuth("a", "r", Instant.parse("2030-01-01T00:00:00Z")));
        assertThat(without).isEqualTo(new Credentials.OAuth("a", null, Instant.parse("2029-12-31T22:00:00.5Z")));
    }

    @Test
    void treatsAMalformedIdAsAnUnknownAccount() {
        for (String id : new String[] {"x", "1-1-1-1-1", "5b2f8a4e2d6c4c8e9f1a0a1b2c3d4e5f", ""}) {
            assertThatThrownBy(() -> AccountRequests.id(id))
                    .isInstanceOf(AccountNotFound.class);
        }
        assertThat(AccountRequests.id("5B2F8A4E-2D6C-4C8E-9F1A-0A1B2C3D4E5F").toString())
                .isEqualTo("5b2f8a4e-2d6c-4c8e-9f1a-0a1b2c3d4e5f");
    }

    /** Read and valid, or the test fails. */
    private static <T> T read(String body, Class<T> type) {
        T request = JSON.readValue(body, type);
        assertThat(validator.validate(request)).isEmpty();
        return request;
    }

    private static boolean refused(String body, Class<?> type) {
        try {
            return !validator.validate(JSON.readValue(body, type)).isEmpty();
        } catch (JacksonException e) {
            return true;
        }
    }
}
