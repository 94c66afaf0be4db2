package dev.autorefresh.api.oauth;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import dev.autorefresh.api.accounts.Account;
import dev.autorefresh.api.accounts.Credentials;
import dev.autorefresh.api.accounts.RefreshPolicy;
import dev.autorefresh.api.web.ApiClient;
import dev.autorefresh.api.web.ApiTest;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.annotation.DirtiesContext;
import tools.jackson.databind.JsonNode;

/**
 * An OAuth token rotation that must survive a crash: the token endpoint (WireMock) rotates the refresh token, and
 * the real database refuses to store the outcome (a trigger raising a serialization failure, as a lost or
 * conflicting commit would) or the process "died" between the call and the write (a marker left behind).
 */
@ApiTest(properties = {
        "autorefresh.api.internal.service-token=" + TokenEndpointTestBase.SERVICE_TOKEN,
        // The default: the timeout bounds the whole token call, connecting included, and must hold on a busy machine
        // with the one-second answer below.
        "autorefresh.api.oauth.timeout=5s"})
@DirtiesContext
@ExtendWith(OutputCaptureExtension.class)
class TokenRotationTest extends TokenEndpointTestBase {

    @Autowired
    MeterRegistry meters;
    @Autowired
    AccessTokens tokens;

    @BeforeEach
    @Override
    void setUp() {
        dropFailingWrites();
        super.setUp();
    }

    @Override
    Duration lookupTimeout() {
        return Duration.ofSeconds(30);
    }

    @AfterEach
    void dropFailingWrites() {
        jdbc.execute("drop trigger if exists fail_token_writes on api.account");
        jdbc.execute("drop function if exists api.fail_token_writes()");
        jdbc.execute("drop sequence if exists api.token_write_attempts");
    }

    @Test
    void newTokensThatCannotBeStoredLeaveTheAccountRotationInterruptedAndSendNothing(CapturedOutput output) {
        Account account = oauthAccount("lost-rotation", Instant.now().plusSeconds(60));
        tokenEndpointAnswers(issued(newAccess, newRefresh));
        failTokenWrites(Integer.MAX_VALUE);

        JsonNode answer = credentials(account);

        assertThat(answer.get("status").asString()).isEqualTo("NOT_ELIGIBLE");
        assertThat(answer.get("reason").asString()).contains("token rotation interrupted: re-login needed");
        assertThat(answer.has("secret")).isFalse();
        tokenEndpoint.verify(1, postRequestedFor(urlPathEqualTo(TOKEN_PATH)));
        assertThat(jdbc.queryForObject("select nextval('api.token_write_attempts')", Long.class))
                .as("the write was tried again before giving up").isGreaterThan(2);

        Account stored = reload(account);
        assertThat(((Credentials.OAuth) stored.credentials()).accessToken()).isEqualTo(oldAccess);
        assertThat(stored.tokenRotationInterrupted(Instant.now())).isTrue();
        JsonNode shown = api.get("/api/accounts/" + account.id()).json();
        assertThat(shown.get("tokenStatus").asString()).isEqualTo("rotation_interrupted");
        assertThat(shown.get("requiresReauth").asBoolean()).isTrue();
        assertThat(shown.get("lastRefresh").get("error").asString())
                .startsWith("token rotation interrupted: re-login needed");
        assertThat(candidates(account)).isZero();
        awaitInterruptedGauge(1);

        // No second rotation with the (probably dead) refresh token, however often a worker asks.
        assertThat(credentials(account).get("status").asString()).isEqualTo("NOT_ELIGIBLE");
        tokenEndpoint.verify(1, postRequestedFor(urlPathEqualTo(TOKEN_PATH)));
        assertThat(output.getOut()).contains("Could not store the outcome of the OAuth token refresh for account "
                + "lost-rotation").contains("needs a re-login");
        assertNoSecretIn(output.getAll() + shown);
    }

    @Test
    void aWriteThatFailsTransientlyIsRetriedAndTheRotatedTokensAreKept() {
        Account account = oauthAccount("flaky-database", Instant.now().plusSeconds(60));
        tokenEndpointAnswers(issued(newAccess, newRefresh));
        failTokenWrites(2);

        JsonNode answer = credentials(account);

        assertThat(answer.get("status").asString()).isEqualTo("ELIGIBLE");
        assertThat(answer.get("secret").asString()).isEqualTo(newAccess);
        var stored = (Credentials.OAuth) reload(account).credentials();
        assertThat(stored.accessToken()).isEqualTo(newAccess);
        assertThat(stored.refreshToken()).isEqualTo(newRefresh);
        assertThat(reload(account).tokenRotationInterrupted(Instant.now())).isFalse();
        tokenEndpoint.verify(1, postRequestedFor(urlPathEqualTo(TOKEN_PATH)));
    }

    @Test
    void aProcessThatDiedBetweenTheCallAndTheWriteIsShownAtOnceAndBlocksTheAccount() {
        Account account = oauthAccount("died-mid-rotation", Instant.now().plusSeconds(60));
        tokenEndpointAnswers(issued(newAccess, newRefresh));
        // What a process leaves behind when it dies after committing the marker: a marker nobody will clear.
        jdbc.update("update api.account set token_rotation_started_at = now() - interval '2 minutes', "
                + "token_rotation_deadline = now() - interval '1 minute' where id = ?", account.id());

        // Visible before any worker asks.
        assertThat(api.get("/api/accounts/" + account.id()).json().get("tokenStatus").asString())
                .isEqualTo("rotation_interrupted");
        awaitInterruptedGauge(1);

        JsonNode answer = credentials(account);

        assertThat(answer.get("status").asString()).isEqualTo("NOT_ELIGIBLE");
        assertThat(answer.get("reason").asString()).contains("token rotation interrupted: re-login needed");
        assertThat(tokenEndpoint.getAllServeEvents()).as("nothing is sent with a stale refresh token").isEmpty();
        assertThat(reload(account).requiresReauth()).isTrue();
        assertThat(candidates(account)).isZero();
    }

    @Test
    void replacingTheCredentialsClearsAnInterruptedRotation() {
        Account account = oauthAccount("re-logged-in", Instant.now().plusSeconds(60));
        jdbc.update("update api.account set token_rotation_started_at = now() - interval '2 minutes', "
                + "token_rotation_deadline = now() - interval '1 minute' where id = ?", account.id());
        assertThat(credentials(account).get("status").asString()).isEqualTo("NOT_ELIGIBLE");
        awaitInterruptedGauge(1);

        String reauthorised = secret("sk-ant-oat01-reauth-");
        ApiClient.Reply replaced = api.post("/api/accounts/" + account.id() + "/credentials", """
                {"accessToken": "%s", "refreshToken": "%s", "expiresAt": "%s"}"""
                .formatted(reauthorised, secret("sk-ant-ort01-reauth-"), Instant.now().plus(Duration.ofHours(8))));

        assertThat(replaced.status()).isEqualTo(200);
        assertThat(replaced.json().get("tokenStatus").asString()).isEqualTo("valid");
        assertThat(replaced.json().get("requiresReauth").asBoolean()).isFalse();
        assertThat(credentials(account).get("secret").asString()).isEqualTo(reauthorised);
        assertThat(candidates(account)).isOne();
        awaitInterruptedGauge(0);
    }

    @Test
    void concurrentLookupsDuringARotationCauseOneTokenCallAndAllGetTheNewToken() {
        Account account = oauthAccount("many-workers", Instant.now().minusSeconds(1));
        tokenEndpointAnswers(issued(newAccess, newRefresh).withFixedDelay(1000));

        // Straight to the token step, below the per-window claims: lookups for different windows, or a claim that
        // expired, can still meet here.
        // Each on a thread of its own, as requests are served: a common-pool thread blocked on the token call would
        // run another lookup meanwhile, and the call's timeout would count that lookup's wait too.
        List<CompletableFuture<AccessTokens.Freshness>> lookups;
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            lookups = IntStream.range(0, 5)
                    .mapToObj(i -> CompletableFuture.supplyAsync(() -> tokens.fresh(account), threads))
                    .toList();
        }

        assertThat(lookups).allSatisfy(lookup -> assertThat(lookup.join())
                .isInstanceOfSatisfying(AccessTokens.Freshness.Fresh.class,
                        fresh -> assertThat(fresh.accessToken()).isEqualTo(newAccess)));
        tokenEndpoint.verify(1, postRequestedFor(urlPathEqualTo(TOKEN_PATH)));
        assertThat(((Credentials.OAuth) reload(account).credentials()).refreshToken()).isEqualTo(newRefresh);
    }

    @Test
    void aLookupWhileAnotherRotationIsInFlightNeverStartsASecondOne() {
        Account account = oauthAccount("rotation-elsewhere", Instant.now().plusSeconds(60));
        tokenEndpointAnswers(issued(newAccess, newRefresh));
        // Another api-service instance is mid-rotation, and stays so longer than this lookup waits.
        jdbc.update("update api.account set token_rotation_started_at = now(), "
                + "token_rotation_deadline = now() + interval '1 minute' where id = ?", account.id());

        JsonNode answer = credentials(account);

        assertThat(answer.get("status").asString()).isEqualTo("RETRY_LATER");
        assertThat(answer.get("reason").asString()).contains("another lookup is refreshing");
        assertThat(tokenEndpoint.getAllServeEvents()).isEmpty();
        assertThat(reload(account).requiresReauth()).isFalse();
    }

    private void awaitInterruptedGauge(double expected) {
        // The gauges reuse one count for a few seconds.
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(
                meters.get("autorefresh.accounts").tag("state", "rotation_interrupted").gauge().value())
                .isEqualTo(expected));
    }

    /** The database refuses the first {@code failures} writes of new tokens, as a serialization failure. */
    private void failTokenWrites(int failures) {
        jdbc.execute("create sequence api.token_write_attempts");
        jdbc.execute("""
                create function api.fail_token_writes() returns trigger language plpgsql as $$
                begin
                    if nextval('api.token_write_attempts') <= %d then
                        raise exception 'simulated commit failure' using errcode = '40001';
                    end if;
                    return new;
                end $$""".formatted(failures));
        jdbc.execute("""
                create trigger fail_token_writes before update on api.account for each row
                when (new.access_token is distinct from old.access_token)
                execute function api.fail_token_writes()""");
    }

    private int candidates(Account account) {
        return jdbc.queryForObject("select count(*) from api.refresh_candidate where id = ?", Integer.class,
                account.id());
    }

    private Account oauthAccount(String name, Instant expiresAt) {
        var account = new Account(name, "anthropic", new Credentials.OAuth(oldAccess, oldRefresh, expiresAt), 0, null,
                Instant.now());
        account.enableAutoRefresh(true, RefreshPolicy.defaults(), Instant.now());
        transactions.executeWithoutResult(status -> accounts.save(account));
        return account;
    }

    private static ResponseDefinitionBuilder issued(String access, String refresh) {
        return okJson("""
                {"token_type": "Bearer", "access_token": "%s", "refresh_token": "%s", "expires_in": 28800}"""
                .formatted(access, refresh));
    }
}
