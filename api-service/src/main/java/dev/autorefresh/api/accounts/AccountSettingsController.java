package dev.autorefresh.api.accounts;

import dev.autorefresh.api.accounts.AccountRequests.CredentialsRequest;
import dev.autorefresh.api.accounts.AccountRequests.CustomEndpointRequest;
import dev.autorefresh.api.accounts.AccountRequests.EnabledRequest;
import dev.autorefresh.api.accounts.AccountRequests.PriorityRequest;
import dev.autorefresh.api.accounts.AccountRequests.RenameRequest;
import jakarta.validation.Valid;
import java.time.Clock;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The guide's per-account actions: each is a POST that answers with the updated account. The body is read and
 * validated before the account is loaded, so a bad request changes nothing.
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
    AccountResponse autoRefresh(@PathVariable String id, @Valid @RequestBody EnabledRequest body) {
        var accountId = AccountRequests.id(id);
        return respond(service.enableAutoRefresh(accountId, body.enabled()));
    }

    @PostMapping("/auto-fallback")
    AccountResponse autoFallback(@PathVariable String id, @Valid @RequestBody EnabledRequest body) {
        var accountId = AccountRequests.id(id);
        return respond(service.enableAutoFallback(accountId, body.enabled()));
    }

    @PostMapping("/custom-endpoint")
    AccountResponse customEndpoint(@PathVariable String id, @Valid @RequestBody CustomEndpointRequest body) {
        var accountId = AccountRequests.id(id);
        return respond(service.changeCustomEndpoint(accountId, body.endpoint()));
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
    AccountResponse priority(@PathVariable String id, @Valid @RequestBody PriorityRequest body) {
        var accountId = AccountRequests.id(id);
        return respond(service.changePriority(accountId, body.priority()));
    }

    @PostMapping("/rename")
    AccountResponse rename(@PathVariable String id, @Valid @RequestBody RenameRequest body) {
        var accountId = AccountRequests.id(id);
        return respond(service.rename(accountId, body.name()));
    }

    /** Replaces the API key or the OAuth tokens; lifts a re-authentication block. */
    @PostMapping("/credentials")
    AccountResponse credentials(@PathVariable String id, @Valid @RequestBody CredentialsRequest body) {
        var accountId = AccountRequests.id(id);
        return respond(service.replaceCredentials(accountId, body.credentials()));
    }

    private AccountResponse respond(Account account) {
        return AccountResponse.of(account, clock.instant());
    }
}
