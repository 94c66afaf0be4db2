package dev.autorefresh.api.security;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/** What a token may do. An admin may do everything a viewer may, so it holds both authorities. */
enum Role {
    ADMIN,
    VIEWER;

    List<GrantedAuthority> authorities() {
        return this == ADMIN
                ? List.of(new SimpleGrantedAuthority("ROLE_ADMIN"), new SimpleGrantedAuthority("ROLE_VIEWER"))
                : List.of(new SimpleGrantedAuthority("ROLE_VIEWER"));
    }

    /** "admin" or "viewer", any case. */
    static Optional<Role> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "admin" -> Optional.of(ADMIN);
            case "viewer" -> Optional.of(VIEWER);
            default -> Optional.empty();
        };
    }

    String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
