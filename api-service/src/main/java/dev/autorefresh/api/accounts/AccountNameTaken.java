package dev.autorefresh.api.accounts;

import dev.autorefresh.api.refusals.Conflict;
import java.util.Map;

/** Account names are unique: they are how the guide's commands pick an account. */
class AccountNameTaken extends Conflict {

    AccountNameTaken(String name) {
        super("an account named '" + name + "' already exists", Map.of("field", "name"));
    }
}
