package dev.autorefresh.api.security;

import dev.autorefresh.api.refusals.InvalidRequest;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The dashboard's sign-in: a person pastes a token once and the browser keeps an HttpOnly session cookie; the
 * token itself is not kept by the page. The session holds only the token's id, checked again on every request.
 */
@RestController
class SessionController {

    private final ApiTokens tokens;
    private final FailedAuthentications failures;
    private final SecuritySettings settings;

    SessionController(ApiTokens tokens, FailedAuthentications failures, SecuritySettings settings) {
        this.tokens = tokens;
        this.failures = failures;
        this.settings = settings;
    }

    record SignIn(@Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "An API token") String token) {

        @Override
        public String toString() {
            return "SignIn[token=****]";
        }
    }

    record Me(String name, String role, boolean singleUser) {
    }

    @PostMapping("/api/session")
    ResponseEntity<?> signIn(@RequestBody SignIn body, HttpServletRequest request, HttpServletResponse response,
            CsrfToken csrf) throws IOException {
        if (body.token() == null || body.token().isBlank()) {
            throw new InvalidRequest("token is required", Map.of("field", "token"));
        }
        String address = request.getRemoteAddr();
        Optional<Duration> wait = failures.blocked(address);
        if (wait.isPresent()) {
            TokenAuthenticationFilter.tooMany(response, wait.get());
            return null;
        }
        Optional<ApiPrincipal> caller = tokens.authenticate(body.token().trim());
        if (caller.isEmpty()) {
            failures.recordFailure(address);
            TokenAuthenticationFilter.refuse(response, "the token is unknown or revoked");
            return null;
        }
        HttpSession previous = request.getSession(false);
        if (previous != null) {
            // A fresh session id at every sign-in: a session id planted before it is worth nothing.
            previous.invalidate();
        }
        request.getSession(true).setAttribute(TokenAuthenticationFilter.SESSION_TOKEN, caller.get().tokenId());
        csrf.getToken(); // issues the XSRF-TOKEN cookie the page sends back as a header
        return ResponseEntity.ok().header(HttpHeaders.CACHE_CONTROL, "no-store").body(me(caller.get()));
    }

    @DeleteMapping("/api/session")
    ResponseEntity<Void> signOut(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.invalidate();
        }
        return ResponseEntity.noContent().build();
    }

    /** Who the dashboard is talking as, so it can disable what the role may not do. */
    @GetMapping("/api/me")
    Me me(@AuthenticationPrincipal ApiPrincipal caller, CsrfToken csrf) {
        csrf.getToken();
        return me(caller);
    }

    private Me me(ApiPrincipal caller) {
        return new Me(caller.name(), caller.role().label(), settings.singleUser());
    }
}
