package dev.autorefresh.api.accounts;

import java.time.Instant;
import java.util.List;
import org.springframework.data.domain.Page;

/** One page of the account list ({@code GET /api/accounts?page=&size=}), in the list's order. */
record AccountPage(List<AccountResponse> items, int page, int size, long total) {

    static final int DEFAULT_SIZE = 50;
    static final int MAX_SIZE = 500;

    static AccountPage of(Page<Account> page, Instant now) {
        return new AccountPage(page.getContent().stream().map(account -> AccountResponse.of(account, now)).toList(),
                page.getNumber(), page.getSize(), page.getTotalElements());
    }
}
