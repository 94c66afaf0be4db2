package dev.autorefresh.api.accounts;

import dev.autorefresh.api.refusals.NotFound;
import java.util.Map;

/** No account has this id; a malformed id is answered the same way, so ids cannot be probed by their shape. */
public class AccountNotFound extends NotFound {

    public AccountNotFound(Object id) {
        super("account not found", Map.of("id", String.valueOf(id)));
    }
}
