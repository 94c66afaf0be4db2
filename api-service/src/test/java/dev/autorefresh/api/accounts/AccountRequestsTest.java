package dev.autorefresh.api.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.autorefresh.api.web.ApiClient;
import dev.autorefresh.api.web.ApiException;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AccountRequestsTest {

    @Test
    void readsTheGuidesFlagsAndBooleans() {
        assertThat(AccountRequests.enabled(ApiClient.parse("{\"enabled\": 1}"))).isTrue();
        assertThat(AccountRequests.enabled(ApiClient.parse("{\"enabled\": 0}"))).isFalse();
        assertThat(AccountRequests.enabled(ApiClient.parse("{\"enabled\": true}"))).isTrue();
        assertThat(AccountRequests.enabled(ApiClient.parse("{\"enabled\": false}"))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"enabled\": \"yes\"}", "{\"enabled\": 2}", "{\"enabled\": null}", "{}",
            "{\"enabled\": 1.5}", "{\"enabled\": \"0\"}", "{\"enabled\": 1e0}"})
    void refusesAnythingElseAsAFlag(String body) {
        assertThatThrownBy(() -> AccountRequests.enabled(ApiClient.parse(body)))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status().value()).isEqualTo(400));
    }

    @Test
    void takesAnthropicAndPriorityZeroByDefault() {
        NewAccount account = AccountRequests.newAccount(ApiClient.parse("{\"name\": \"a\", \"apiKey\": \"k\"}"));

        assertThat(account).isEqualTo(new NewAccount("a", "anthropic", new Credentials.ApiKey("k"), 0, null));
    }

    @Test
    void readsOAuthTokensWithOrWithoutARefreshToken() {
        var withRefresh = AccountRequests.credentials(ApiClient.parse(
                "{\"accessToken\": \"a\", \"refreshToken\": \"r\", \"expiresAt\": \"2030-01-01T00:00:00Z\"}"));
        var without = AccountRequests.credentials(ApiClient.parse(
                "{\"accessToken\": \"a\", \"expiresAt\": \"2030-01-01T00:00:00.5+02:00\"}"));

        assertThat(withRefresh).isEqualTo(new Credentials.OAuth("a", "r", Instant.parse("2030-01-01T00:00:00Z")));
        assertThat(without).isEqualTo(new Credentials.OAuth("a", null, Instant.parse("2029-12-31T22:00:00.5Z")));
    }

    @Test
    void treatsAMalformedIdAsAnUnknownAccount() {
        for (String id : new String[] {"x", "1-1-1-1-1", "5b2f8a4e2d6c4c8e9f1a0a1b2c3d4e5f", ""}) {
            assertThatThrownBy(() -> AccountRequests.id(id))
                    .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status().value()).isEqualTo(404));
        }
        assertThat(AccountRequests.id("5B2F8A4E-2D6C-4C8E-9F1A-0A1B2C3D4E5F").toString())
                .isEqualTo("5b2f8a4e-2d6c-4c8e-9f1a-0a1b2c3d4e5f");
    }
}
