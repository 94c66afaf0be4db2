package dev.autorefresh.api.security;

import java.util.Optional;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * The caller of the current request, for records of who changed what: a token's name, or {@code single-user}.
 * Never a secret.
 */
public final class Operator {

    private Operator() {
    }

    /** Empty outside a request authenticated by this service (a broker listener, a command-line run). */
    public static Optional<String> current() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null && authentication.getPrincipal() instanceof ApiPrincipal principal) {
            return Optional.of(principal.name());
        }
        return Optional.empty();
    }
}
