package dev.autorefresh.api.accounts;

import dev.autorefresh.api.refusals.NotFound;
import java.util.Map;

/** No account has this id. The id is echoed as the caller wrote it, so a malformed one reads back unchanged. */
public class AccountNotFound extends NotFound {

    public AccountNotFound(Object id) {
        super("account not found", Map.of("id", String.valueOf(id)));
    }
}
