package dev.autorefresh.api.security;

import dev.autorefresh.api.audit.Actor;
import org.springframework.stereotype.Component;

/** Names the caller in the audit trail: the token's name, {@code single-user}, or {@code system} outside a request. */
@Component
class OperatorActor implements Actor {

    static final String SYSTEM = "system";

    @Override
    public String current() {
        return Operator.current().orElse(SYSTEM);
    }
}
