package dev.autorefresh.api.security;

import java.security.Principal;
import java.util.UUID;

/**
 * Who is calling: a token (by its name) or, in single-user mode, the local user. The name is what an audit
 * trail records; see {@link Operator}.
 *
 * @param tokenId null in single-user mode
 */
record ApiPrincipal(UUID tokenId, String name, Role role) implements Principal {

    static final String SINGLE_USER = "single-user";

    static ApiPrincipal singleUser() {
        return new ApiPrincipal(null, SINGLE_USER, Role.ADMIN);
    }

    @Override
    public String getName() {
        return name;
    }
}
