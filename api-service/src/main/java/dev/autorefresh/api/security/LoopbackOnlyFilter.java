package dev.autorefresh.api.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Single-user mode only. Listening on loopback is not enough when requests without credentials act as admin: a
 * web page the operator opens can still reach the port, by DNS rebinding (its own host name, resolved to
 * 127.0.0.1: the {@code Host} header gives it away) or by sending a request from its own origin (the
 * {@code Origin} header does). Both are refused before anything else runs.
 */
final class LoopbackOnlyFilter extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!Loopback.isLoopbackHost(request.getHeader(HttpHeaders.HOST))) {
            ErrorResponses.write(response, HttpServletResponse.SC_FORBIDDEN,
                    "single-user mode answers only requests addressed to localhost, 127.0.0.1 or [::1]",
                    Map.of("header", "Host"));
            return;
        }
        String origin = request.getHeader(HttpHeaders.ORIGIN);
        if (origin != null && !Loopback.isLoopbackOrigin(origin)) {
            ErrorResponses.write(response, HttpServletResponse.SC_FORBIDDEN,
                    "single-user mode refuses requests from pages of other origins", Map.of("header", "Origin"));
            return;
        }
        chain.doFilter(request, response);
    }
}
