package dev.autorefresh.api.oauth;

import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.autorefresh.api.accounts.Account;
import dev.autorefresh.api.accounts.AccountRepository;
import dev.autorefresh.api.web.ApiClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * What the OAuth tests share: WireMock as the token endpoint (started before the class's context, stopped after
 * the class), the secrets a test made so none may leak, and the worker's credentials lookup over real HTTP.
 */
abstract class TokenEndpointTestBase {

    static final String TOKEN_PATH = "/v1/oauth/token";
    /** The workers' token, as the subclasses configure {@code autorefresh.api.internal.service-token}. */
    static final String SERVICE_TOKEN = "test-service-token-0123456789abcdef";

    @RegisterExtension
    static WireMockExtension tokenEndpoint = WireMockExtension.newInstance()
            .options(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort())
            .build();

    @DynamicPropertySource
    static void tokenUrl(DynamicPropertyRegistry registry) {
        registry.add("autorefresh.api.oauth.token-url", () -> tokenEndpoint.baseUrl() + TOKEN_PATH);
    }

    @LocalServerPort
    int port;
    @Autowired
    AccountRepository accounts;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    TransactionTemplate transactions;

    ApiClient api;
    final List<String> secrets = new ArrayList<>();
    final String oldAccess = secret("sk-ant-oat01-old-");
    final String oldRefresh = secret("sk-ant-ort01-old-");
    final String newAccess = secret("sk-ant-oat01-new-");
    final String newRefresh = secret("sk-ant-ort01-new-");

    @BeforeEach
    void setUp() {
        jdbc.update("delete from api.refresh_attempt");
        jdbc.update("delete from api.account");
        tokenEndpoint.resetAll();
        api = new ApiClient(port);
    }

    /** How long one credentials lookup may take before the test fails. */
    Duration lookupTimeout() {
        return Duration.ofSeconds(20);
    }

    Account reload(Account account) {
        return accounts.findById(account.id()).orElseThrow();
    }

    /** What a worker does: {@code GET /internal/accounts/{id}/credentials} with the service token. */
    JsonNode credentials(Account account) {
        var worker = new dev.autorefresh.testsupport.ApiClient("http://localhost:" + port, SERVICE_TOKEN,
                lookupTimeout());
        var reply = worker.get("/internal/accounts/" + account.id() + "/credentials?refreshId=" + UUID.randomUUID());
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json();
    }

    void tokenEndpointAnswers(ResponseDefinitionBuilder response) {
        tokenEndpoint.stubFor(post(urlPathEqualTo(TOKEN_PATH)).willReturn(response));
    }

    /** A new secret, remembered so that {@link #assertNoSecretIn} looks for it. */
    String secret(String prefix) {
        String secret = prefix + UUID.randomUUID().toString().replace("-", "");
        secrets.add(secret);
        return secret;
    }

    void assertNoSecretIn(String text) {
        secrets.forEach(secret -> assertThat(text).doesNotContain(secret));
    }
}
