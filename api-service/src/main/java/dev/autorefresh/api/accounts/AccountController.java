package dev.autorefresh.api.accounts;

import dev.autorefresh.api.accounts.AccountRequests.NewAccountRequest;
import dev.autorefresh.api.retention.RetentionSettings;
import dev.autorefresh.api.refusals.InvalidRequest;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.Valid;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
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

/** Listing, reading, adding and removing accounts, and their refresh history. */
@RestController
@RequestMapping("/api/accounts")
class AccountController {

    private final AccountService service;
    private final Clock clock;
    private final RetentionSettings retention;

    AccountController(AccountService service, Clock clock, RetentionSettings retention) {
        this.service = service;
        this.clock = clock;
        this.retention = retention;
    }

    /**
     * A bare array, ordered by priority then name: the guide pipes it into {@code jq '.[]'}. With {@code page} or
     * {@code size}, one page of that order instead: {@code {"items": [...], "page", "size", "total"}}.
     */
    @GetMapping
    @ApiResponse(responseCode = "200", description = "The accounts; with page or size, an AccountPage instead",
            content = @Content(mediaType = "application/json", schema = @Schema(oneOf = {AccountResponse[].class,
                    AccountPage.class})))
    Object list(@RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size) {
        Instant now = clock.instant();
        if (page == null && size == null) {
            return service.list().stream().map(account -> AccountResponse.of(account, now)).toList();
        }
        int pageNumber = page == null ? 0 : page;
        int pageSize = size == null ? AccountPage.DEFAULT_SIZE : size;
        checkPaging(pageNumber, pageSize, AccountPage.MAX_SIZE);
        return AccountPage.of(service.list(pageNumber, pageSize), now);
    }

    @GetMapping("/{id}")
    AccountResponse get(@PathVariable String id) {
        return AccountResponse.of(service.get(AccountRequests.id(id)), clock.instant());
    }

    @PostMapping
    ResponseEntity<AccountResponse> create(@Valid @RequestBody NewAccountRequest body,
            @RequestParam(name = "name", required = false) String name) {
        Account account = service.create(body.toNewAccount(name));
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
        checkPaging(page, size, RefreshHistory.MAX_SIZE);
        return RefreshHistory.of(service.refreshes(accountId, page, size), retention, clock.instant());
    }

    private static void checkPaging(int page, int size, int maxSize) {
        if (page < 0) {
            throw new InvalidRequest("page must be 0 or more", Map.of("parameter", "page"));
        }
        if (size < 1 || size > maxSize) {
            throw new InvalidRequest("size must be from 1 to " + maxSize, Map.of("parameter", "size"));
        }
    }
}
