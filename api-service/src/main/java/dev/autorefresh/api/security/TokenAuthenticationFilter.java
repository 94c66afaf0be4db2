package dev.autorefresh.api.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.transaction.TransactionException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Finds out who is calling, on every request and from the database: a bearer token, else the token a dashboard
 * session was signed in with, else (single-user mode only) a loopback caller without credentials. Looking the
 * token up each time is what makes a revocation take effect at once. A wrong token is answered 401 here and
 * counted; too many from one address get 429.
 */
final class TokenAuthenticationFilter extends OncePerRequestFilter {

    static final String SESSION_TOKEN = "autorefresh.token-id";
    private static final String BEARER = "bearer ";

    private final ApiTokens tokens;
    private final FailedAuthentications failures;
    private final boolean singleUser;

    TokenAuthenticationFilter(ApiTokens tokens, FailedAuthentications failures, boolean singleUser) {
        this.tokens = tokens;
        this.failures = failures;
        this.singleUser = singleUser;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        // Workers present the service token there; InternalCredentialsController checks it.
        return request.getRequestURI().startsWith(request.getContextPath() + "/internal/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        Optional<ApiPrincipal> caller;
        if (authorization != null) {
            if (!authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
                refuse(response, "only Authorization: Bearer <token> is accepted");
                return;
            }
            String address = request.getRemoteAddr();
            Optional<Duration> wait = failures.blocked(address);
            if (wait.isPresent()) {
                tooMany(response, wait.get());
                return;
            }
            try {
                caller = tokens.authenticate(authorization.substring(BEARER.length()).trim());
            } catch (DataAccessException | TransactionException e) {
                unavailable(response);
                return;
            }
            if (caller.isEmpty()) {
                failures.recordFailure(address);
                refuse(response, "the token is unknown or revoked");
                return;
            }
        } else {
            try {
                caller = fromSession(request);
            } catch (DataAccessException | TransactionException e) {
                unavailable(response);
                return;
            }
            if (caller.isEmpty() && singleUser && Loopback.isLoopbackAddress(request.getRemoteAddr())) {
                caller = Optional.of(ApiPrincipal.singleUser());
            }
        }
        caller.ifPresent(TokenAuthenticationFilter::signIn);
        chain.doFilter(request, response);
    }

    private Optional<ApiPrincipal> fromSession(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session == null || !(session.getAttribute(SESSION_TOKEN) instanceof UUID tokenId)) {
            return Optional.empty();
        }
        Optional<ApiPrincipal> caller = tokens.authenticate(tokenId);
        if (caller.isEmpty()) {
            // Its token was revoked: the session ends with it.
            session.invalidate();
        }
        return caller;
    }

    private static void signIn(ApiPrincipal principal) {
        SecurityContext context = SecurityContextHolder.getContextHolderStrategy().createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(principal, null,
                principal.role().authorities()));
        SecurityContextHolder.getContextHolderStrategy().setContext(context);
    }

    /** Whose token it is cannot be told without the database; the caller may retry, as with any other 503. */
    private static void unavailable(HttpServletResponse response) throws IOException {
        ErrorResponses.write(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, "database unavailable", null);
    }

    static void refuse(HttpServletResponse response, String reason) throws IOException {
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        ErrorResponses.write(response, HttpServletResponse.SC_UNAUTHORIZED, reason,
                Map.of("authentication", "Authorization: Bearer <token>, or sign in on the dashboard"));
    }

    static void tooMany(HttpServletResponse response, Duration wait) throws IOException {
        long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
        response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
        ErrorResponses.write(response, 429, "too many failed authentications from this address; retry later",
                Map.of("retryAfterSeconds", seconds));
    }
}
