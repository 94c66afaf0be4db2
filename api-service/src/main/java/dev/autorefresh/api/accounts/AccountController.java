package dev.autorefresh.api.accounts;

import dev.autorefresh.api.web.ApiException;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;
import tools.jackson.databind.JsonNode;

/** Listing, reading, adding and removing accounts, and their refresh history. */
@RestController
@RequestMapping("/api/accounts")
class AccountController {

    private final AccountService service;
    private final Clock clock;

    AccountController(AccountService service, Clock clock) {
        this.service = service;
        this.clock = clock;
    }

    /** A bare array, ordered by priority then name: the guide pipes it into {@code jq '.[]'}. */
    @GetMapping
    List<AccountResponse> list() {
        Instant now = clock.instant();
        return service.list().stream().map(account -> AccountResponse.of(account, now)).toList();
    }

    @GetMapping("/{id}")
    AccountResponse get(@PathVariable String id) {
        return AccountResponse.of(service.get(AccountRequests.id(id)), clock.instant());
    }

    @PostMapping
    ResponseEntity<AccountResponse> create(@RequestBody JsonNode body) {
        Account account = service.create(AccountRequests.newAccount(body));
        URI location = ServletUriComponentsBuilder.fromCurrentRequestUri().path("/{id}")
                .buildAndExpand(account.id()).toUri();
        return ResponseEntity.created(location).body(AccountResponse.of(account, clock.instant()));
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable String id) {
        service.delete(AccountRequests.id(id));
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/{id}/refreshes")
    RefreshHistory refreshes(@PathVariable String id, @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "20") int size) {
        var accountId = AccountRequests.id(id);
        if (page < 0) {
            throw ApiException.badRequest("page must be 0 or more", Map.of("parameter", "page"));
        }
        if (size < 1 || size > RefreshHistory.MAX_SIZE) {
            throw ApiException.badRequest("size must be from 1 to " + RefreshHistory.MAX_SIZE,
                    Map.of("parameter", "size"));
        }
        return RefreshHistory.of(service.refreshes(accountId, page, size));
    }
}
