package dev.autorefresh.api.accounts;

import java.time.Clock;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * The guide's per-account actions: each is a POST that answers with the updated account. The body is checked
 * before the account is loaded, so a bad request changes nothing.
 */
@RestController
@RequestMapping("/api/accounts/{id}")
class AccountSettingsController {

    private final AccountService service;
    private final Clock clock;

    AccountSettingsController(AccountService service, Clock clock) {
        this.service = service;
        this.clock = clock;
    }

    @PostMapping("/auto-refresh")
    AccountResponse autoRefresh(@PathVariable String id, @RequestBody JsonNode body) {
        var accountId = AccountRequests.id(id);
        return respond(service.enableAutoRefresh(accountId, AccountRequests.enabled(body)));
    }

    @PostMapping("/auto-fallback")
    AccountResponse autoFallback(@PathVariable String id, @RequestBody JsonNode body) {
        var accountId = AccountRequests.id(id);
        return respond(service.enableAutoFallback(accountId, AccountRequests.enabled(body)));
    }

    @PostMapping("/custom-endpoint")
    AccountResponse customEndpoint(@PathVariable String id, @RequestBody JsonNode body) {
        var accountId = AccountRequests.id(id);
        return respond(service.changeCustomEndpoint(accountId, AccountRequests.customEndpoint(body)));
    }

    @PostMapping("/pause")
    AccountResponse pause(@PathVariable String id) {
        return respond(service.pause(AccountRequests.id(id)));
    }

    @PostMapping("/resume")
    AccountResponse resume(@PathVariable String id) {
        return respond(service.resume(AccountRequests.id(id)));
    }

    @PostMapping("/priority")
    AccountResponse priority(@PathVariable String id, @RequestBody JsonNode body) {
        var accountId = AccountRequests.id(id);
        return respond(service.changePriority(accountId, AccountRequests.priority(body)));
    }

    @PostMapping("/rename")
    AccountResponse rename(@PathVariable String id, @RequestBody JsonNode body) {
        var accountId = AccountRequests.id(id);
        return respond(service.rename(accountId, AccountRequests.name(body)));
    }

    /** Replaces the API key or the OAuth tokens; lifts a re-authentication block. */
    @PostMapping("/credentials")
    AccountResponse credentials(@PathVariable String id, @RequestBody JsonNode body) {
        var accountId = AccountRequests.id(id);
        return respond(service.replaceCredentials(accountId, AccountRequests.credentials(body)));
    }

    private AccountResponse respond(Account account) {
        return AccountResponse.of(account, clock.instant());
    }
}
