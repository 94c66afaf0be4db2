package dev.autorefresh.api.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.LoadState;
import dev.autorefresh.api.results.RefreshResults;
import dev.autorefresh.api.web.ApiClient;
import dev.autorefresh.api.web.ApiTest;
import dev.autorefresh.events.FailureKind;
import dev.autorefresh.events.RefreshFailed;
import dev.autorefresh.events.UsageCheck;
import dev.autorefresh.events.WindowSource;
import dev.autorefresh.events.WindowUpdated;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The dashboard in a real (headless) Chromium against the running api-service, real database behind it. Every test
 * signs in with a token, as a person does.
 */
@ApiTest
class DashboardBrowserTest {

    private static final String KEY = "sk-ant-api03-dashboard-secret-never-shown";
    private static Chromium chromium;

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    RefreshResults results;

    ApiClient api;
    BrowserContext context;
    Page page;

    @BeforeAll
    static void launch() {
        chromium = Chromium.launch();
        // Polls come every 5 s: a live change must show within two of them.
        PlaywrightAssertions.setDefaultAssertionTimeout(15_000);
    }

    @AfterAll
    static void shutDown() {
        if (chromium != null) {
            chromium.close();
        }
    }

    @BeforeEach
    void openBrowser() {
        jdbc.update("delete from api.refresh_attempt");
        jdbc.update("delete from api.account");
        api = new ApiClient(port);
        context = chromium.browser().newContext(new com.microsoft.playwright.Browser.NewContextOptions()
                .setViewportSize(1440, 900).setLocale("en-US").setTimezoneId("UTC"));
        page = context.newPage();
    }

    @AfterEach
    void closeBrowser() {
        context.close();
    }

    @Test
    void showsEveryAccountWithItsWindowWarningsAndALiveCountdown() {
        String primary = apiKeyAccount("team-primary", 0);
        api.post("/api/accounts/" + primary + "/auto-refresh", "{\"enabled\": 1}");
        windowUpdated(primary, null, Instant.now().plus(Duration.ofHours(4)));
        String backup = api.create("""
                {"name": "team-backup", "accessToken": "sk-ant-oat01-backup", "expiresAt": "2099-01-01T00:00:00Z",
                 "priority": 1}""");
        api.post("/api/accounts/" + backup + "/auto-refresh", "{\"enabled\": 1}");
        failed(backup, FailureKind.AUTH, 401, "401 Unauthorized");
        api.create("{\"name\": \"openai-team\", \"provider\": \"openai\", \"apiKey\": \"sk-openai\", \"priority\": 5}");

        open("");

        PlaywrightAssertions.assertThat(page.locator("#accounts tbody tr")).hasCount(3);
        Locator primaryRow = row("team-primary");
        PlaywrightAssertions.assertThat(primaryRow).containsText("anthropic · priority 0 · API key");
        PlaywrightAssertions.assertThat(primaryRow).containsText("allowed");
        PlaywrightAssertions.assertThat(primaryRow).containsText("success");
        PlaywrightAssertions.assertThat(autoRefreshSwitch("team-primary")).hasAttribute("aria-checked", "true");
        Locator countdown = primaryRow.locator("td").nth(1).locator(".countdown");
        PlaywrightAssertions.assertThat(countdown).hasText(Pattern.compile("in 3h 5\\dm \\d\\ds"));
        String before = countdown.textContent();
        PlaywrightAssertions.assertThat(countdown).not().hasText(before);

        Locator backupRow = row("team-backup");
        PlaywrightAssertions.assertThat(backupRow).containsText("Re-authentication required");
        PlaywrightAssertions.assertThat(backupRow).containsText("blocked until re-authenticated");
        PlaywrightAssertions.assertThat(backupRow).containsText("401 Unauthorized");
        PlaywrightAssertions.assertThat(row("openai-team")).containsText("not an Anthropic account");
        assertThat(page.content()).doesNotContain("sk-ant-oat01-backup", "sk-openai", KEY);
        Chromium.screenshot(page, "accounts");
    }

    @Test
    void anInterruptedTokenRotationIsShownAsItsOwnStateNeedingARelogin() {
        String id = api.create("""
                {"name": "lost-rotation", "accessToken": "sk-ant-oat01-lost", "refreshToken": "sk-ant-ort01-lost",
                 "expiresAt": "2099-01-01T00:00:00Z"}""");
        api.post("/api/accounts/" + id + "/auto-refresh", "{\"enabled\": 1}");
        // What a process that died between the token call and storing its outcome leaves behind.
        jdbc.update("update api.account set token_rotation_started_at = now() - interval '2 minutes', "
                + "token_rotation_deadline = now() - interval '1 minute' where id = ?::uuid", id);

        open("");

        Locator lost = row("lost-rotation");
        PlaywrightAssertions.assertThat(lost).containsText("Token rotation interrupted: re-login needed");
        PlaywrightAssertions.assertThat(lost).containsText("token rotation interrupted: re-login needed");
        PlaywrightAssertions.assertThat(lost).not().containsText("Re-authentication required");
        assertThat(page.content()).doesNotContain("sk-ant-oat01-lost", "sk-ant-ort01-lost");
    }

    @Test
    void anAccountWithoutAUsageWindowShowsABadgeWithTheReason() {
        String id = apiKeyAccount("console-key", 0);
        api.post("/api/accounts/" + id + "/auto-refresh", "{\"enabled\": 1}");
        // What a worker reports when the answer carried no unified (subscription) window.
        results.apply(new WindowUpdated(UUID.randomUUID(), UUID.fromString(id), null, null, null, null, 200,
                "claude-haiku-4-5", Instant.now(), 310L, "worker-1", WindowSource.NO_WINDOW, UsageCheck.SKIPPED));

        open("");

        Locator row = row("console-key");
        PlaywrightAssertions.assertThat(row.locator(".badge.bad", new Locator.LocatorOptions()
                .setHasText("No usage window"))).isVisible();
        PlaywrightAssertions.assertThat(row.locator(".no-window-reason")).containsText("no usage window");
        PlaywrightAssertions.assertThat(row).hasClass(Pattern.compile("needs-attention"));
    }

    @Test
    void theAutoRefreshSwitchTakesEffectThroughTheApiByMouseAndKeyboard() {
        String id = apiKeyAccount("flip-me", 0);
        open("");
        Locator toggle = autoRefreshSwitch("flip-me");
        PlaywrightAssertions.assertThat(toggle).hasAttribute("aria-checked", "false");

        toggle.click();

        PlaywrightAssertions.assertThat(toggle).hasAttribute("aria-checked", "true");
        await().untilAsserted(() -> assertThat(account(id).get("autoRefreshEnabled").booleanValue()).isTrue());
        PlaywrightAssertions.assertThat(row("flip-me")).not().containsText("auto-refresh off");
        Chromium.screenshot(page, "auto-refresh-on");

        toggle.focus();
        page.keyboard().press("Space");

        PlaywrightAssertions.assertThat(toggle).hasAttribute("aria-checked", "false");
        await().untilAsserted(() -> assertThat(account(id).get("autoRefreshEnabled").booleanValue()).isFalse());

        Locator fallback = page.getByRole(AriaRole.SWITCH, new Page.GetByRoleOptions().setName("Auto-fallback for flip-me"));
        fallback.click();
        await().untilAsserted(() -> assertThat(account(id).get("autoFallbackEnabled").booleanValue()).isTrue());
    }

    @Test
    void aRefusedChangeShowsTheServersReasonAndPutsTheSwitchBack() {
        String id = api.create("{\"name\": \"openai-team\", \"provider\": \"openai\", \"apiKey\": \"sk-openai-1\"}");
        open("");
        Locator toggle = autoRefreshSwitch("openai-team");

        toggle.click();

        PlaywrightAssertions.assertThat(page.getByRole(AriaRole.ALERT).first())
                .containsText("Auto-refresh is only available for Anthropic accounts");
        PlaywrightAssertions.assertThat(toggle).hasAttribute("aria-checked", "false");
        assertThat(account(id).get("autoRefreshEnabled").booleanValue()).isFalse();
        Chromium.screenshot(page, "refused-change");
    }

    @Test
    void theTableFollowsChangesMadeElsewhereWithoutLosingFocus() {
        String first = apiKeyAccount("first", 0);
        open("");
        autoRefreshSwitch("first").focus();

        apiKeyAccount("second", 1);
        api.post("/api/accounts/" + first + "/auto-refresh", "{\"enabled\": 1}");

        PlaywrightAssertions.assertThat(row("second")).isVisible();
        PlaywrightAssertions.assertThat(autoRefreshSwitch("first")).hasAttribute("aria-checked", "true");
        PlaywrightAssertions.assertThat(autoRefreshSwitch("first")).isFocused();
        PlaywrightAssertions.assertThat(page.getByRole(AriaRole.STATUS).first()).containsText("Live");
    }

    @Test
    void anAccountAddedWithTheFormIsStoredAndItsKeyIsNeverShownAgain() {
        open("");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Add account")).click();
        page.getByLabel("Name", new Page.GetByLabelOptions().setExact(true)).fill("from-the-form");
        page.getByLabel("Priority").fill("7");
        apiKeyField().fill(KEY);
        page.getByLabel("Custom endpoint (optional)").fill("https://proxy.example.com/v1/messages");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Add").setExact(true)).click();

        PlaywrightAssertions.assertThat(row("from-the-form")).containsText("priority 7 · API key · via proxy.example.com");
        var stored = api.get("/api/accounts").json().get(0);
        assertThat(stored.get("name").stringValue()).isEqualTo("from-the-form");
        assertThat(stored.get("authType").stringValue()).isEqualTo("api_key");
        assertThat(stored.get("customEndpoint").stringValue()).isEqualTo("https://proxy.example.com/v1/messages");
        assertThat(page.locator("input[name=apiKey]").inputValue()).isEmpty();
        assertThat(page.content()).doesNotContain(KEY);

        // The same name again: the server refuses, the form says why.
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Add account")).click();
        page.getByLabel("Name", new Page.GetByLabelOptions().setExact(true)).fill("from-the-form");
        apiKeyField().fill("sk-ant-another");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Add").setExact(true)).click();
        PlaywrightAssertions.assertThat(page.getByRole(AriaRole.ALERT).first()).containsText("already exists");
        assertThat(api.get("/api/accounts").json().size()).isEqualTo(1);
    }

    @Test
    void anAccountIsAddedFromPastedClaudeCodeCredentialsAndNotJsonIsRefusedHere() {
        open("");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Add account")).click();
        page.getByLabel("Name", new Page.GetByLabelOptions().setExact(true)).fill("claude-code-login");
        page.getByLabel("Claude Code login").check();
        var pasted = page.locator("textarea[name=claudeCode]");
        pasted.fill("not json at all");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Add").setExact(true)).click();
        PlaywrightAssertions.assertThat(page.getByRole(AriaRole.ALERT).first())
                .containsText("must be the JSON of ~/.claude/.credentials.json");
        assertThat(api.get("/api/accounts").json().size()).isZero();

        pasted.fill("""
                {"claudeAiOauth": {"accessToken": "sk-ant-oat01-pasted", "refreshToken": "sk-ant-ort01-pasted",
                 "expiresAt": 32503680000000, "scopes": ["user:inference"], "subscriptionType": "max"}}""");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Add").setExact(true)).click();

        PlaywrightAssertions.assertThat(row("claude-code-login")).isVisible();
        var stored = api.get("/api/accounts").json().get(0);
        assertThat(stored.get("authType").stringValue()).isEqualTo("oauth");
        assertThat(stored.get("tokenExpiresAt").stringValue()).isEqualTo("3000-01-01T00:00:00.000Z");
        assertThat(pasted.inputValue()).isEmpty();
        assertThat(page.content()).doesNotContain("sk-ant-oat01-pasted").doesNotContain("sk-ant-ort01-pasted");
    }

    @Test
    void pauseResumeAndTheCustomEndpointGoThroughTheApi() {
        String id = apiKeyAccount("ops", 0);
        open("");

        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Pause ops")).click();
        PlaywrightAssertions.assertThat(row("ops")).containsText("Paused");
        await().untilAsserted(() -> assertThat(account(id).get("paused").booleanValue()).isTrue());
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Resume ops")).click();
        await().untilAsserted(() -> assertThat(account(id).get("paused").booleanValue()).isFalse());

        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Custom endpoint of ops")).click();
        Locator url = page.getByLabel("Endpoint URL");
        url.fill("ftp://files.example.com/");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save")).click();
        PlaywrightAssertions.assertThat(page.locator("#endpoint-error")).containsText("absolute http(s) URL");
        assertThat(account(id).get("customEndpoint").isNull()).isTrue();

        url.fill("https://gateway.example.com");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save")).click();
        PlaywrightAssertions.assertThat(row("ops")).containsText("via gateway.example.com");
        assertThat(account(id).get("customEndpoint").stringValue()).isEqualTo("https://gateway.example.com");
    }

    @Test
    void historyAndOverviewShowWhatRefreshesDid() {
        String id = apiKeyAccount("busy", 0);
        api.post("/api/accounts/" + id + "/auto-refresh", "{\"enabled\": 1}");
        Instant reset = Instant.now().minusSeconds(30).truncatedTo(ChronoUnit.SECONDS);
        windowUpdated(id, reset.minus(Duration.ofHours(5)), reset);
        failed(id, FailureKind.NETWORK, null, "connect timed out");
        windowUpdated(id, reset, reset.plus(Duration.ofHours(5)));

        open("");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Refresh history of busy")).click();
        Locator dialog = page.getByRole(AriaRole.DIALOG);
        PlaywrightAssertions.assertThat(dialog.locator("#history-body tbody tr")).hasCount(3);
        PlaywrightAssertions.assertThat(dialog).containsText("connect timed out");
        PlaywrightAssertions.assertThat(dialog).containsText("3 refreshes");
        PlaywrightAssertions.assertThat(dialog).containsText("history kept for 30 days");
        // What each dummy message cost, as its answer said.
        PlaywrightAssertions.assertThat(dialog.locator("#history-body tbody tr").last()).containsText("12 in / 10 out");
        // Below the refreshes, who changed the account: created, then auto-refresh switched on.
        Locator changes = dialog.locator("#audit-body tbody tr");
        PlaywrightAssertions.assertThat(changes).hasCount(2);
        PlaywrightAssertions.assertThat(changes.first()).containsText("auto refresh changed");
        PlaywrightAssertions.assertThat(changes.first()).containsText("autoRefreshEnabled: false → true");
        PlaywrightAssertions.assertThat(changes.first()).containsText("bootstrap");
        PlaywrightAssertions.assertThat(changes.last()).containsText("credentials replaced");
        PlaywrightAssertions.assertThat(dialog.locator("#audit-retention")).hasText("Changes kept for 365 days.");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Close history")).click();

        Locator accountsTab = page.getByRole(AriaRole.TAB, new Page.GetByRoleOptions().setName("Accounts"));
        accountsTab.focus();
        page.keyboard().press("ArrowRight");

        PlaywrightAssertions.assertThat(page.getByRole(AriaRole.TAB, new Page.GetByRoleOptions().setName("Overview")))
                .hasAttribute("aria-selected", "true");
        Locator cards = page.locator("#overview-cards");
        PlaywrightAssertions.assertThat(cards).containsText("Refreshes, last 24 h3");
        PlaywrightAssertions.assertThat(cards).containsText("1 network");
        PlaywrightAssertions.assertThat(cards).containsText("Refresh lag (median, 1 h)");
        PlaywrightAssertions.assertThat(cards).containsText("Tokens spent, last 24 h44");
        PlaywrightAssertions.assertThat(cards).containsText("2 messages · 22 per message");
        PlaywrightAssertions.assertThat(cards).containsText("Messages saved, last 24 h0");
        PlaywrightAssertions.assertThat(page.locator("#chart svg rect[data-outcome=SUCCESS]")).hasCount(1);
        PlaywrightAssertions.assertThat(page.locator("#chart svg rect[data-outcome=NETWORK]")).hasCount(1);
        PlaywrightAssertions.assertThat(page.locator("#chart .legend")).containsText("success: 2");
        Chromium.screenshot(page, "overview");
    }

    @Test
    void anAdminAddsTestsAndDeletesAWebhookWhoseUrlIsNeverShownAgain() {
        jdbc.update("delete from api.notification_webhook");
        String url = "https://example.com/services/T000/B000/the-secret-part-of-the-url";
        open("#overview");
        Locator section = page.locator("#notifications");
        PlaywrightAssertions.assertThat(section).containsText("No webhook");

        section.getByLabel("Webhook URL").fill(url);
        section.getByLabel("Kind").selectOption("slack");
        section.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Add webhook")).click();

        PlaywrightAssertions.assertThat(section.locator("#webhooks tbody tr")).hasCount(1);
        PlaywrightAssertions.assertThat(section.locator("#webhooks")).containsText("https://example.com:443");
        PlaywrightAssertions.assertThat(section.locator("#webhook-secret")).containsText("whsec_");
        assertThat(section.locator("#webhooks").innerText()).doesNotContain("the-secret-part");
        PlaywrightAssertions.assertThat(section.getByLabel("Webhook URL")).hasValue("");
        Chromium.screenshot(page, "notifications");

        section.getByLabel("Webhook URL").fill("https://not-allowed.example.net/hook");
        section.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Add webhook")).click();
        PlaywrightAssertions.assertThat(section.locator("#webhook-error")).containsText("is not allowed");
        PlaywrightAssertions.assertThat(section.locator("#webhooks tbody tr")).hasCount(1);

        section.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Delete")).click();
        PlaywrightAssertions.assertThat(section).containsText("No webhook");
        assertThat(page.content()).doesNotContain("the-secret-part");
    }

    @Test
    void aPersonSignsInWithATokenAndSignsOut() {
        apiKeyAccount("signed-in-only", 0);
        page.navigate("http://localhost:" + port + "/");
        PlaywrightAssertions.assertThat(page.locator("#sign-in")).isVisible();
        PlaywrightAssertions.assertThat(page.locator("#accounts")).not().isVisible();

        signIn("art_not-a-real-token-at-all-0000000000");
        PlaywrightAssertions.assertThat(page.locator("#sign-in")).containsText("unknown or revoked");
        PlaywrightAssertions.assertThat(page.locator("#accounts")).not().isVisible();

        signIn(ApiClient.ADMIN_TOKEN);
        PlaywrightAssertions.assertThat(page.getByRole(AriaRole.STATUS).first()).containsText("Live");
        PlaywrightAssertions.assertThat(page.locator("#who")).containsText("Signed in as bootstrap (admin)");
        PlaywrightAssertions.assertThat(row("signed-in-only")).isVisible();
        var session = context.cookies().stream().filter(cookie -> cookie.name.equals("AUTOREFRESH_SESSION"))
                .findFirst().orElseThrow();
        assertThat(session.httpOnly).isTrue();
        assertThat(session.sameSite).hasToString("STRICT");
        assertThat(page.content()).doesNotContain(ApiClient.ADMIN_TOKEN);
        Chromium.screenshot(page, "signed-in");

        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign out")).click();

        PlaywrightAssertions.assertThat(page.locator("#sign-in")).isVisible();
        PlaywrightAssertions.assertThat(page.locator("#accounts")).not().isVisible();
        assertThat(status("GET", "api/accounts", true)).isEqualTo(401);
        page.reload();
        PlaywrightAssertions.assertThat(page.locator("#sign-in")).isVisible();
    }

    @Test
    void aViewerSeesTheSwitchesDisabledWithTheReasonAndCannotFlipThem() {
        String id = apiKeyAccount("look-only", 0);
        ApiClient.Reply token = api.post("/api/tokens", "{\"name\": \"viewer-"
                + UUID.randomUUID().toString().substring(0, 8) + "\", \"role\": \"viewer\"}");
        openAs(token.json().get("token").stringValue(), "");

        Locator toggle = autoRefreshSwitch("look-only");
        PlaywrightAssertions.assertThat(toggle).isDisabled();
        PlaywrightAssertions.assertThat(toggle).hasAttribute("title", Pattern.compile("admin role"));
        PlaywrightAssertions.assertThat(page.getByRole(AriaRole.BUTTON,
                new Page.GetByRoleOptions().setName("Pause look-only"))).isDisabled();
        PlaywrightAssertions.assertThat(page.getByRole(AriaRole.BUTTON,
                new Page.GetByRoleOptions().setName("Add account"))).isDisabled();
        PlaywrightAssertions.assertThat(page.locator("#read-only")).containsText("viewer token");
        page.getByRole(AriaRole.TAB, new Page.GetByRoleOptions().setName("Overview")).click();
        PlaywrightAssertions.assertThat(page.locator("#overview-cards")).containsText("Tokens spent");
        PlaywrightAssertions.assertThat(page.locator("#notifications")).not().isVisible();
        page.getByRole(AriaRole.TAB, new Page.GetByRoleOptions().setName("Accounts")).click();
        Chromium.screenshot(page, "viewer");

        toggle.click(new Locator.ClickOptions().setForce(true));
        // The page does not send it; the server refuses it anyway, CSRF header and all.
        assertThat(status("POST", "api/accounts/" + id + "/auto-refresh", true)).isEqualTo(403);

        PlaywrightAssertions.assertThat(toggle).hasAttribute("aria-checked", "false");
        assertThat(account(id).get("autoRefreshEnabled").booleanValue()).isFalse();
    }

    @Test
    void aChangeMadeWithTheSessionNeedsTheCsrfHeader() {
        String id = apiKeyAccount("csrf", 0);
        open("");

        assertThat(status("POST", "api/accounts/" + id + "/auto-refresh", false)).isEqualTo(403);
        assertThat(account(id).get("autoRefreshEnabled").booleanValue()).isFalse();
        assertThat(status("POST", "api/accounts/" + id + "/auto-refresh", true)).isEqualTo(200);
        assertThat(account(id).get("autoRefreshEnabled").booleanValue()).isTrue();
    }

    @Test
    void everyPageForbidsFramingSniffingAndInlineScript() {
        List<String> violations = new CopyOnWriteArrayList<>();
        page.onConsoleMessage(message -> {
            if (message.text().contains("Content Security Policy")) {
                violations.add(message.text());
            }
        });
        var response = page.navigate("http://localhost:" + port + "/");

        assertThat(response.headers().get("content-security-policy")).contains("frame-ancestors 'none'")
                .contains("script-src 'self'").doesNotContain("unsafe-inline");
        assertThat(response.headers().get("x-frame-options")).isEqualTo("DENY");
        assertThat(response.headers().get("x-content-type-options")).isEqualTo("nosniff");
        signIn(ApiClient.ADMIN_TOKEN);
        PlaywrightAssertions.assertThat(page.getByRole(AriaRole.STATUS).first()).containsText("Live");
        page.getByRole(AriaRole.TAB, new Page.GetByRoleOptions().setName("Overview")).click();
        PlaywrightAssertions.assertThat(page.locator("#overview-cards")).containsText("Refreshes");
        assertThat(violations).isEmpty();
    }

    @Test
    void swaggerUiWorksWithTheDashboardSessionAndWithoutInlineScript() {
        List<String> violations = new CopyOnWriteArrayList<>();
        page.onConsoleMessage(message -> {
            if (message.text().contains("Content Security Policy")) {
                violations.add(message.text());
            }
        });
        open("");

        var response = page.navigate("http://localhost:" + port + "/swagger-ui.html");

        assertThat(response.headers().get("content-security-policy")).contains("script-src 'self';")
                .contains("frame-ancestors 'none'");
        // The page's scripts ran under that policy, and the document it shows is readable with the session (its
        // rendering, over a megabyte of script, is not waited for: on a busy 2-core machine that wait is long).
        page.waitForLoadState(LoadState.LOAD);
        Object title = page.evaluate("() => fetch('/v3/api-docs').then(r => r.ok ? r.json() : null)"
                + ".then(doc => doc && doc.info.title)");
        assertThat(title).isEqualTo("auto-refresh API");
        assertThat(violations).isEmpty();
    }

    /** Signs in as the tests' admin. */
    private void open(String hash) {
        openAs(ApiClient.ADMIN_TOKEN, hash);
    }

    private void openAs(String token, String hash) {
        page.navigate("http://localhost:" + port + "/" + hash);
        signIn(token);
        PlaywrightAssertions.assertThat(page.getByRole(AriaRole.STATUS).first()).containsText("Live",
                new LocatorAssertions.ContainsTextOptions().setTimeout(15_000));
    }

    private void signIn(String token) {
        page.getByLabel("API token").fill(token);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();
    }

    /** A request made by the page itself, with its session cookie, with or without the CSRF header. */
    private int status(String method, String path, boolean csrfHeader) {
        Object status = page.evaluate("""
                async ([method, path, csrfHeader]) => {
                  const headers = { 'Content-Type': 'application/json' };
                  const cookie = document.cookie.split('; ').find((part) => part.startsWith('XSRF-TOKEN='));
                  if (csrfHeader && cookie) {
                    headers['X-XSRF-TOKEN'] = decodeURIComponent(cookie.slice('XSRF-TOKEN='.length));
                  }
                  const body = method === 'GET' ? undefined : JSON.stringify({ enabled: 1 });
                  return (await fetch(path, { method, headers, body })).status;
                }""", List.of(method, path, csrfHeader));
        return ((Number) status).intValue();
    }

    private Locator row(String name) {
        return page.locator("#accounts tbody tr").filter(new Locator.FilterOptions()
                .setHas(page.locator(".acct-name").getByText(name, new Locator.GetByTextOptions().setExact(true))));
    }

    /** The password field labelled "API key", not the radio button of the same name. */
    private Locator apiKeyField() {
        return page.getByLabel("API key").and(page.locator("input[type=password]"));
    }

    private Locator autoRefreshSwitch(String name) {
        return page.getByRole(AriaRole.SWITCH, new Page.GetByRoleOptions().setName("Auto-refresh for " + name)
                .setExact(true));
    }

    private String apiKeyAccount(String name, int priority) {
        return api.create("{\"name\": \"" + name + "\", \"apiKey\": \"" + KEY + "\", \"priority\": " + priority + "}");
    }

    private tools.jackson.databind.JsonNode account(String id) {
        return api.get("/api/accounts/" + id).json();
    }

    private void windowUpdated(String id, Instant previousReset, Instant newReset) {
        Instant sent = previousReset == null ? Instant.now() : previousReset.plusMillis(1400);
        results.apply(new WindowUpdated(UUID.randomUUID(), UUID.fromString(id), previousReset, newReset, "allowed",
                950, 200, "claude-haiku-4-5", sent, 310L, "worker-1", WindowSource.MESSAGE, UsageCheck.NOT_OPEN, 12, 10));
    }

    private void failed(String id, FailureKind kind, Integer status, String reason) {
        results.apply(new RefreshFailed(UUID.randomUUID(), UUID.fromString(id), null, kind, status, reason, null,
                Instant.now(), "worker-2"));
    }
}
