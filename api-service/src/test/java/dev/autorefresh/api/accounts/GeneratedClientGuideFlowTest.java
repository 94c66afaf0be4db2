package dev.autorefresh.api.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.autorefresh.api.web.ApiTest;
import dev.autorefresh.client.ApiClient;
import dev.autorefresh.client.ApiException;
import dev.autorefresh.client.api.AccountControllerApi;
import dev.autorefresh.client.api.AccountSettingsControllerApi;
import dev.autorefresh.client.api.HealthControllerApi;
import dev.autorefresh.client.api.StatsControllerApi;
import dev.autorefresh.client.model.AccountResponse;
import dev.autorefresh.client.model.ApiError;
import dev.autorefresh.client.model.ClaudeAiOauth;
import dev.autorefresh.client.model.CustomEndpointRequest;
import dev.autorefresh.client.model.EnabledRequest;
import dev.autorefresh.client.model.EnabledRequest.EnabledEnum;
import dev.autorefresh.client.model.NewAccountRequest;
import dev.autorefresh.client.model.PriorityRequest;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The guide's API steps through a Java client generated from the committed OpenAPI document (docs/openapi.json, kept
 * equal to the live one by OpenApiDocumentTest). If the document and the API disagree on a path, a body, a field's
 * name or type, or a status, a call here fails.
 */
@ApiTest
class GeneratedClientGuideFlowTest {

    private static final EnabledRequest ON = new EnabledRequest().enabled(EnabledEnum.NUMBER_1);
    private static final EnabledRequest OFF = new EnabledRequest().enabled(EnabledEnum.NUMBER_0);

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    AccountRepository repository;
    @Autowired
    TransactionTemplate transactions;
    ApiClient client;
    AccountControllerApi accounts;
    AccountSettingsControllerApi settings;

    @BeforeEach
    void setUp() {
        jdbc.update("delete from api.account");
        client = new ApiClient();
        client.updateBaseUri("http://localhost:" + port);
        // The guide's -H "Authorization: Bearer $AUTOREFRESH_TOKEN" (the document's bearer scheme).
        client.setRequestInterceptor(request -> request.header("Authorization",
                "Bearer " + dev.autorefresh.api.web.ApiClient.ADMIN_TOKEN));
        accounts = new AccountControllerApi(client);
        settings = new AccountSettingsControllerApi(client);
    }

    @Test
    void runsTheGuidesStepsThroughTheGeneratedClient() throws ApiException {
        AccountResponse primary = accounts.accountCreate(new NewAccountRequest().name("primary")
                .apiKey("sk-ant-api03-p").priority(5), null);
        accounts.accountCreate(new NewAccountRequest().name("my-account").accessToken("sk-ant-oat01-m")
                .expiresAt(OffsetDateTime.parse("2999-01-01T00:00:00Z")).priority(20), null);
        // Claude Code's credentials file as it is, named by the query parameter
        accounts.accountCreate(new NewAccountRequest().claudeAiOauth(new ClaudeAiOauth()
                .accessToken("sk-ant-oat01-c").refreshToken("sk-ant-ort01-c").expiresAt(1_795_000_000_000L)), "premium");
        GuideFlowTest.windowSeen(transactions, repository, "my-account", GuideFlowTest.GUIDE_RESET);
        assertThat(primary.getProvider()).isEqualTo("anthropic");
        assertThat(primary.getAutoRefreshEnabled()).isFalse();

        // ACCOUNT_ID=$(curl -s .../api/accounts | jq -r '.[] | select(.name=="my-account") | .id')
        String accountId = select("my-account").getId().toString();
        // curl -X POST .../api/accounts/$ACCOUNT_ID/auto-refresh -d '{"enabled": 1}'
        assertThat(settings.accountSettingsAutoRefresh(accountId, ON).getAutoRefreshEnabled()).isTrue();
        // jq '.[] | {name, autoRefreshEnabled, rateLimitReset}'
        AccountResponse mine = select("my-account");
        assertThat(mine.getAutoRefreshEnabled()).isTrue();
        assertThat(mine.getRateLimitReset()).isEqualTo(OffsetDateTime.parse("2024-12-17T11:00:00Z"));
        assertThat(mine.getRateLimitStatus()).isEqualTo("allowed");
        assertThat(mine.getPaused()).isFalse();

        // Example 2: auto-refresh and auto-fallback on "premium"
        String premium = select("premium").getId().toString();
        settings.accountSettingsAutoRefresh(premium, ON);
        AccountResponse both = settings.accountSettingsAutoFallback(premium, ON);
        assertThat(both.getAutoRefreshEnabled()).isTrue();
        assertThat(both.getAutoFallbackEnabled()).isTrue();
        assertThat(both.getAuthType()).isEqualTo(accounts.accountGet(accountId).getAuthType());

        // Example 3: only the accounts with priority < 10; then the guide's disable, '{"enabled": 0}'
        settings.accountSettingsAutoRefresh(premium, OFF);
        settings.accountSettingsPriority(premium, new PriorityRequest().priority(50));
        for (AccountResponse account : list()) {
            if (account.getPriority() < 10) {
                settings.accountSettingsAutoRefresh(account.getId().toString(), ON);
            }
        }
        assertThat(list()).filteredOn(AccountResponse::getAutoRefreshEnabled).extracting(AccountResponse::getName)
                .containsExactly("primary", "my-account");

        // Custom endpoint support: set it, then clear it with null
        String endpoint = "https://custom.api.endpoint/v1/messages";
        assertThat(settings.accountSettingsCustomEndpoint(accountId, new CustomEndpointRequest().customEndpoint(endpoint))
                .getCustomEndpoint()).isEqualTo(endpoint);
        assertThat(settings.accountSettingsCustomEndpoint(accountId, new CustomEndpointRequest().customEndpoint(null))
                .getCustomEndpoint()).isNull();

        // Health checks: /health, /api/stats, one account
        assertThat(new HealthControllerApi(client).healthHealth().getStatus()).isEqualTo("ok");
        assertThat(new StatsControllerApi(client).statsStats().getAccounts()).isEqualTo(3);
        assertThat(accounts.accountGet(accountId).getName()).isEqualTo("my-account");
    }

    @Test
    void aRefusalIsTheDocumentedErrorBody() {
        String id = "00000000-0000-0000-0000-000000000000";

        assertThatThrownBy(() -> settings.accountSettingsAutoRefresh(id, ON))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(404);
                    ApiError error = read(e.getResponseBody(), new TypeReference<>() { });
                    assertThat(error.getError()).isEqualTo("account not found");
                });
    }

    /** The bare array the guide pipes into jq; its oneOf with the paged form is read as plain JSON (see pom.xml). */
    private List<AccountResponse> list() throws ApiException {
        return client.getObjectMapper().convertValue(accounts.accountList(null, null), new TypeReference<>() { });
    }

    private AccountResponse select(String name) throws ApiException {
        List<AccountResponse> matches = list().stream().filter(account -> account.getName().equals(name)).toList();
        assertThat(matches).hasSize(1);
        return matches.getFirst();
    }

    private <T> T read(String json, TypeReference<T> type) {
        try {
            return client.getObjectMapper().readValue(json, type);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
