package dev.autorefresh.api.oauth;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import dev.autorefresh.api.accounts.Account;
import dev.autorefresh.api.accounts.Credentials;
import dev.autorefresh.api.accounts.RefreshPolicy;
import dev.autorefresh.api.results.RefreshResults;
import dev.autorefresh.api.web.ApiClient;
import dev.autorefresh.api.web.ApiTest;
import dev.autorefresh.events.FailureKind;
import dev.autorefresh.events.RefreshFailed;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.annotation.DirtiesContext;
import tools.jackson.databind.JsonNode;

/**
 * The internal credentials endpoint refreshes an expiring OAuth access token first, with WireMock as the token
 * endpoint and the real database (row locks included) underneath.
 */
@ApiTest(properties = {
        "autorefresh.api.internal.service-token=" + TokenEndpointTestBase.SERVICE_TOKEN,
        "autorefresh.api.oauth.client-id=test-client-id"})
@DirtiesContext
@ExtendWith(OutputCaptureExtension.class)
class OAuthTokenRefreshTest extends TokenEndpointTestBase {

    @Autowired
    RefreshResults results;

    @Test
    void refreshesATokenThatExpiresWithinTheMarginAndStoresTheRotatedTokensEncrypted(CapturedOutput output) {
        Account account = oauthAccount("expiring", Instant.now().plus(Duration.ofMinutes(2)));
        tokenEndpointAnswers(issued(newAccess, newRefresh, 28800));
        Instant before = Instant.now();

        JsonNode answer = credentials(account);

        assertThat(answer.get("status").asString()).isEqualTo("ELIGIBLE");
        assertThat(answer.get("authType").asString()).isEqualTo("OAUTH");
        assertThat(answer.get("secret").asString()).isEqualTo(newAccess);
        tokenEndpoint.verify(1, postRequestedFor(urlPathEqualTo(TOKEN_PATH))
                .withHeader("content-type", equalTo("application/json"))
                .withRequestBody(equalToJson("""
                        {"grant_type": "refresh_token", "refresh_token": "%s", "client_id": "test-client-id"}"""
                        .formatted(oldRefresh))));

        var stored = (Credentials.OAuth) reload(account).credentials();
        assertThat(stored.accessToken()).isEqualTo(newAccess);
        assertThat(stored.refreshToken()).isEqualTo(newRefresh);
        assertThat(stored.expiresAt()).isBetween(before.plusSeconds(28800), Instant.now().plusSeconds(28800));
        String row = rawRow(account);
        assertThat(row).contains("enc:v1:test:");
        secrets.forEach(secret -> assertThat(row).doesNotContain(secret));

        JsonNode shown = api.get("/api/accounts/" + account.id()).json();
        assertThat(shown.get("tokenStatus").asString()).isEqualTo("valid");
        assertThat(Instant.parse(shown.get("tokenExpiresAt").asString()))
                .isEqualTo(stored.expiresAt().truncatedTo(ChronoUnit.MILLIS));
        assertThat(output.getOut()).contains("Refreshed the OAuth access token for account expiring; valid until");
        assertNoSecretIn(output.getAll() + shown);
    }

    @Test
    void handsOutATokenThatOutlivesTheMarginAsItIs() {
        Account account = oauthAccount("still-valid", Instant.now().plus(Duration.ofMinutes(30)));
        tokenEndpointAnswers(issued(newAccess, newRefresh, 28800));

        assertThat(credentials(account).get("secret").asString()).isEqualTo(oldAccess);
        assertThat(tokenEndpoint.getAllServeEvents()).isEmpty();
    }

    @Test
    void refreshesAnAlreadyExpiredTokenAndKeepsARefreshTokenThatWasNotRotated() {
        Account account = oauthAccount("expired", Instant.now().minus(Duration.ofHours(3)));
        tokenEndpointAnswers(okJson("""
                {"token_type": "Bearer", "access_token": "%s", "expires_in": 3600}""".formatted(newAccess)));

        assertThat(credentials(account).get("secret").asString()).isEqualTo(newAccess);

        var stored = (Credentials.OAuth) reload(account).credentials();
        assertThat(stored.refreshToken()).isEqualTo(oldRefresh);
        assertThat(stored.expiresAt()).isAfter(Instant.now().plus(Duration.ofMinutes(59)));
    }

    @Test
    void twoWorkersAskingForOneAccountAtOnceCauseOneRefreshAndTheSecondIsInFlight() {
        Account account = oauthAccount("contended", Instant.now().minusSeconds(1));
        tokenEndpointAnswers(issued(newAccess, newRefresh, 28800).withFixedDelay(1500));
        var firstDone = new AtomicReference<Instant>();

        CompletableFuture<JsonNode> first = CompletableFuture.supplyAsync(() -> {
            JsonNode answer = credentials(account);
            firstDone.set(Instant.now());
            return answer;
        });
        // The second worker asks while the first one's token request is in flight, so it meets the row lock.
        await().atMost(Duration.ofSeconds(10)).until(() -> !tokenEndpoint.getAllServeEvents().isEmpty());
        Instant secondAsked = Instant.now();
        CompletableFuture<JsonNode> second = CompletableFuture.supplyAsync(() -> credentials(account));

        assertThat(first.join().get("secret").asString()).isEqualTo(newAccess);
        // Both asked for the same window: the first holds its claim, the second is a duplicate that gets no secret.
        assertThat(second.join().get("status").asString()).isEqualTo("IN_FLIGHT");
        assertThat(second.join().has("secret")).isFalse();
        assertThat(firstDone.get()).as("the requests overlapped").isAfter(secondAsked);
        tokenEndpoint.verify(1, postRequestedFor(urlPathEqualTo(TOKEN_PATH)));
        assertThat(((Credentials.OAuth) reload(account).credentials()).refreshToken()).isEqualTo(newRefresh);
    }

    @Test
    void aBatchOfLookupsRefreshesItsAccountsTokensSideBySide() {
        List<Account> batch = List.of(oauthAccount("batch-a", Instant.now().minusSeconds(1)),
                oauthAccount("batch-b", Instant.now().minusSeconds(1)),
                oauthAccount("batch-c", Instant.now().minusSeconds(1)));
        tokenEndpointAnswers(issued(newAccess, newRefresh, 28800).withFixedDelay(3000));
        String lookups = batch.stream()
                .map(account -> "{\"accountId\": \"%s\", \"refreshId\": \"%s\"}".formatted(account.id(), UUID.randomUUID()))
                .collect(java.util.stream.Collectors.joining(", ", "{\"lookups\": [", "]}"));

        var worker = new dev.autorefresh.testsupport.ApiClient("http://localhost:" + port, SERVICE_TOKEN,
                Duration.ofSeconds(30));
        var reply = worker.post("/internal/credentials", lookups);

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        for (JsonNode answer : reply.json().get("answers")) {
            assertThat(answer.get("status").asString()).isEqualTo("ELIGIBLE");
            assertThat(answer.get("secret").asString()).isEqualTo(newAccess);
        }
        // One token call per account, and all three were under way at once: one after the other, each would have
        // started only when the one before it had its three-second answer.
        var calls = tokenEndpoint.getAllServeEvents();
        assertThat(calls).hasSize(3);
        long firstStart = calls.stream().mapToLong(call -> call.getRequest().getLoggedDate().getTime()).min().orElseThrow();
        long lastStart = calls.stream().mapToLong(call -> call.getRequest().getLoggedDate().getTime()).max().orElseThrow();
        assertThat(lastStart - firstStart).as("the token calls overlapped").isLessThan(3000);
        batch.forEach(account -> assertThat(((Credentials.OAuth) reload(account).credentials()).accessToken())
                .isEqualTo(newAccess));
        assertNoSecretIn(reply.body().replace(newAccess, ""));
    }

    @Test
    void invalidGrantBlocksTheAccountUntilItsCredentialsAreReplaced(CapturedOutput output) {
        Account account = oauthAccount("revoked", Instant.now().plusSeconds(60));
        tokenEndpointAnswers(aResponse().withStatus(400).withHeader("content-type", "application/json").withBody("""
                {"error": "invalid_grant", "error_description": "Refresh token %s not found or invalid"}"""
                .formatted(oldRefresh)));

        JsonNode answer = credentials(account);

        assertThat(answer.get("status").asString()).isEqualTo("NOT_ELIGIBLE");
        assertThat(answer.get("reason").asString()).startsWith("the account requires re-authentication")
                .contains("invalid_grant");
        assertThat(answer.has("secret")).isFalse();
        JsonNode shown = api.get("/api/accounts/" + account.id()).json();
        assertThat(shown.get("requiresReauth").asBoolean()).isTrue();
        assertThat(shown.get("tokenStatus").asString()).isEqualTo("reauth_required");
        assertThat(shown.get("lastRefresh").get("outcome").asString()).isEqualTo("AUTH");
        assertThat(shown.get("lastRefresh").get("error").asString())
                .isEqualTo("OAuth token refresh failed: the token endpoint rejected the refresh token "
                        + "(400 Bad Request, invalid_grant)");
        assertThat(jdbc.queryForObject("select count(*) from api.refresh_candidate where id = ?", Integer.class,
                account.id())).isZero();
        assertThat(output.getOut()).contains("Auto-refresh blocked for account revoked: re-authentication required "
                + "(OAuth token refresh failed: the token endpoint rejected the refresh token (400 Bad Request, "
                + "invalid_grant))");

        // Blocked: later requests do not try the dead refresh token again.
        assertThat(credentials(account).get("status").asString()).isEqualTo("NOT_ELIGIBLE");
        tokenEndpoint.verify(1, postRequestedFor(urlPathEqualTo(TOKEN_PATH)));

        String reauthorised = secret("sk-ant-oat01-reauth-");
        ApiClient.Reply replaced = api.post("/api/accounts/" + account.id() + "/credentials", """
                {"accessToken": "%s", "refreshToken": "%s", "expiresAt": "%s"}"""
                .formatted(reauthorised, secret("sk-ant-ort01-reauth-"), Instant.now().plus(Duration.ofHours(8))));
        assertThat(replaced.status()).isEqualTo(200);
        assertThat(replaced.json().get("requiresReauth").asBoolean()).isFalse();
        assertThat(credentials(account).get("secret").asString()).isEqualTo(reauthorised);
        assertNoSecretIn(output.getAll() + shown + replaced.body());
    }

    @Test
    void unauthorizedFromTheTokenEndpointBlocksToo() {
        Account account = oauthAccount("unauthorised", Instant.now().minusSeconds(60));
        tokenEndpointAnswers(aResponse().withStatus(401));

        assertThat(credentials(account).get("reason").asString())
                .contains("re-authentication").contains("401 Unauthorized");
        assertThat(reload(account).requiresReauth()).isTrue();
    }

    @Test
    void aServerErrorIsRetriedWithTheUsualBackOffNotBlocked(CapturedOutput output) {
        Account account = oauthAccount("flaky", Instant.now().minusSeconds(60));
        tokenEndpointAnswers(aResponse().withStatus(500));

        JsonNode answer = credentials(account);

        assertThat(answer.get("status").asString()).isEqualTo("RETRY_LATER");
        assertThat(answer.get("reason").asString())
                .isEqualTo("OAuth token refresh failed: the token endpoint answered 500 Internal Server Error");
        assertThat(answer.has("secret")).isFalse();
        Account unchanged = reload(account);
        assertThat(unchanged.requiresReauth()).isFalse();
        assertThat(((Credentials.OAuth) unchanged.credentials()).refreshToken()).isEqualTo(oldRefresh);
        assertThat(output.getOut()).contains("Could not refresh the OAuth access token for account flaky "
                + "(the token endpoint answered 500 Internal Server Error); retrying with back-off");

        // What the worker reports for RETRY_LATER: UNAVAILABLE, which waits without counting against the account.
        Instant reported = Instant.now();
        results.apply(new RefreshFailed(UUID.randomUUID(), account.id(), null, FailureKind.UNAVAILABLE, null,
                answer.get("reason").asString(), null, reported, "worker-1"));
        Account backingOff = reload(account);
        assertThat(backingOff.consecutiveFailures()).isZero();
        assertThat(backingOff.requiresReauth()).isFalse();
        assertThat(backingOff.nextRefreshAt()).isAfter(reported.plus(Duration.ofSeconds(50)));
        assertThat(backingOff.lastRefreshError()).contains("500 Internal Server Error");

        tokenEndpointAnswers(issued(newAccess, newRefresh, 28800));
        assertThat(credentials(account).get("secret").asString()).isEqualTo(newAccess);
    }

    @Test
    void anUnreachableTokenEndpointOrAnAnswerWithoutATokenIsRetryable() {
        Account account = oauthAccount("unreachable", Instant.now().minusSeconds(60));

        tokenEndpointAnswers(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
        JsonNode reset = credentials(account);
        tokenEndpointAnswers(okJson("{\"token_type\": \"Bearer\"}"));
        JsonNode empty = credentials(account);
        tokenEndpointAnswers(aResponse().withStatus(429));
        JsonNode limited = credentials(account);

        assertThat(reset.get("status").asString()).isEqualTo("RETRY_LATER");
        assertThat(reset.get("reason").asString()).contains("could not reach the token endpoint");
        assertThat(empty.get("status").asString()).isEqualTo("RETRY_LATER");
        assertThat(empty.get("reason").asString()).contains("lacks access_token");
        assertThat(limited.get("status").asString()).isEqualTo("RETRY_LATER");
        assertThat(limited.get("reason").asString()).contains("429 Too Many Requests");
        assertThat(reload(account).requiresReauth()).isFalse();
        assertThat(((Credentials.OAuth) reload(account).credentials()).accessToken()).isEqualTo(oldAccess);
    }

    @Test
    void anExpiredTokenWithoutARefreshTokenNeedsReauthentication() {
        var account = new Account("no-refresh-token", "anthropic",
                new Credentials.OAuth(oldAccess, null, Instant.now().minusSeconds(60)), 0, null, Instant.now());
        account.enableAutoRefresh(true, RefreshPolicy.defaults(), Instant.now());
        transactions.executeWithoutResult(status -> accounts.save(account));

        JsonNode answer = credentials(account);

        assertThat(answer.get("status").asString()).isEqualTo("NOT_ELIGIBLE");
        assertThat(answer.get("reason").asString())
                .contains("re-authentication").contains("no refresh token is stored");
        assertThat(reload(account).requiresReauth()).isTrue();
        assertThat(tokenEndpoint.getAllServeEvents()).isEmpty();
    }

    private Account oauthAccount(String name, Instant expiresAt) {
        var account = new Account(name, "anthropic", new Credentials.OAuth(oldAccess, oldRefresh, expiresAt), 0, null,
                Instant.now());
        account.enableAutoRefresh(true, RefreshPolicy.defaults(), Instant.now());
        transactions.executeWithoutResult(status -> accounts.save(account));
        return account;
    }

    private String rawRow(Account account) {
        return jdbc.queryForObject("select t::text from api.account t where id = ?", String.class, account.id());
    }

    private static ResponseDefinitionBuilder issued(String access, String refresh, long expiresIn) {
        return okJson("""
                {"token_type": "Bearer", "access_token": "%s", "refresh_token": "%s", "expires_in": %d,
                 "scope": "user:inference user:profile"}""".formatted(access, refresh, expiresIn));
    }
}
