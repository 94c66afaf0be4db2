package dev.autorefresh.api.security;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.Set;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.security.web.header.writers.ContentSecurityPolicyHeaderWriter;
import org.springframework.security.web.header.writers.DelegatingRequestMatcherHeaderWriter;
import org.springframework.security.web.savedrequest.NullRequestCache;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.NegatedRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Who may call what; the table of routes and roles is in docs/security.md. Authentication is
 * {@link TokenAuthenticationFilter}'s (a bearer token, a dashboard session, or the single-user mode); this class
 * only maps paths to roles and failures to the API's error shape.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
class SecurityConfiguration {

    /** No framing, no inline script or style, nothing from other origins. */
    static final String CONTENT_SECURITY_POLICY = policy("style-src 'self'");
    /** Swagger UI sets one inline style of its own; its scripts are held to the same rule as the dashboard's. */
    static final String SWAGGER_UI_POLICY = policy("style-src 'self' 'unsafe-inline'");
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

    @Bean
    SecurityFilterChain api(HttpSecurity http, ApiTokens tokens, FailedAuthentications failures,
            SecuritySettings settings, Environment environment) throws Exception {
        if (settings.singleUser()) {
            requireLoopbackListener(environment);
            http.addFilterBefore(new LoopbackOnlyFilter(), SecurityContextHolderFilter.class);
        }
        http.addFilterBefore(new TokenAuthenticationFilter(tokens, failures, settings.singleUser()),
                AnonymousAuthenticationFilter.class);
        http.authorizeHttpRequests(routes -> routes
                // Workers present the service token; InternalCredentialsController checks it.
                .requestMatchers("/internal/**").permitAll()
                // The dashboard's files hold no data: it asks the API, which asks for a sign-in.
                .requestMatchers("/", "/index.html", "/css/**", "/js/**", "/favicon.ico", "/error").permitAll()
                // Up or down and which checks, nothing more: for probes that carry no credentials.
                .requestMatchers("/health", "/actuator/health", "/actuator/health/**").permitAll()
                .requestMatchers("/api/session").permitAll()
                .requestMatchers("/api/me").authenticated()
                .requestMatchers("/api/tokens", "/api/tokens/**").hasRole("ADMIN")
                // Webhook destinations are secrets and their configuration is an admin's, reads included.
                .requestMatchers("/api/notifications", "/api/notifications/**").hasRole("ADMIN")
                .requestMatchers(HttpMethod.GET, "/api/**").hasRole("VIEWER")
                .requestMatchers(HttpMethod.HEAD, "/api/**").hasRole("VIEWER")
                .requestMatchers("/api/**").hasRole("ADMIN")
                // Metrics, the Prometheus scrape, the API description and Swagger UI.
                .anyRequest().hasRole("VIEWER"));
        http.csrf(csrf -> csrf.spa().requireCsrfProtectionMatcher(sessionWrite()));
        RequestMatcher swaggerUi = PathPatternRequestMatcher.withDefaults().matcher("/swagger-ui/**");
        http.headers(headers -> headers
                .addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(new NegatedRequestMatcher(swaggerUi),
                        new ContentSecurityPolicyHeaderWriter(CONTENT_SECURITY_POLICY)))
                .addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(swaggerUi,
                        new ContentSecurityPolicyHeaderWriter(SWAGGER_UI_POLICY)))
                .frameOptions(frame -> frame.deny()));
        // Sessions exist only for the dashboard, made by its sign-in (SessionController), never by a refusal.
        // The sign-in already starts a fresh session. Spring's default fixation protection would change the session
        // id on every request (the token filter authenticates each request anew), and requests the page sends at
        // once, still carrying the old id, would find no session and be refused.
        http.sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.NEVER)
                .sessionFixation(fixation -> fixation.none()));
        http.securityContext(context -> context.securityContextRepository(
                new RequestAttributeSecurityContextRepository()));
        http.requestCache(cache -> cache.requestCache(new NullRequestCache()));
        http.httpBasic(basic -> basic.disable());
        http.formLogin(form -> form.disable());
        http.logout(logout -> logout.disable());
        http.exceptionHandling(errors -> errors
                .authenticationEntryPoint((request, response, e) ->
                        TokenAuthenticationFilter.refuse(response, "authentication required"))
                .accessDeniedHandler((request, response, e) -> {
                    if (e instanceof CsrfException) {
                        ErrorResponses.write(response, 403, "missing or invalid CSRF token",
                                Map.of("header", "X-XSRF-TOKEN", "cookie", "XSRF-TOKEN"));
                    } else {
                        ErrorResponses.write(response, 403, "this needs the admin role",
                                Map.of("role", request.isUserInRole("ADMIN") ? "admin" : "viewer"));
                    }
                }));
        return http.build();
    }

    /**
     * A cookie is sent by the browser whoever asks, so only a change made with the dashboard's session needs
     * the CSRF token. A bearer header is never added by a browser on its own; a request without a session has
     * nothing to forge; the sign-in carries a token of its own.
     */
    private static RequestMatcher sessionWrite() {
        return request -> !SAFE_METHODS.contains(request.getMethod())
                && request.getHeader(HttpHeaders.AUTHORIZATION) == null
                && request.getSession(false) != null
                && !(request.getMethod().equals("POST") && request.getRequestURI().equals("/api/session"));
    }

    private static String policy(String styles) {
        return "default-src 'self'; script-src 'self'; " + styles + "; img-src 'self' data:; connect-src 'self'; "
                + "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
    }

    private static void requireLoopbackListener(Environment environment) {
        String address = environment.getProperty("server.address");
        boolean loopback;
        try {
            loopback = address != null && !address.isBlank()
                    && Loopback.isLoopbackAddress(InetAddress.getByName(address.trim()));
        } catch (UnknownHostException e) {
            loopback = false;
        }
        if (!loopback) {
            throw new IllegalStateException("AUTOREFRESH_SECURITY_SINGLE_USER=true requires the api-service to "
                    + "listen on loopback only: set SERVER_ADDRESS=127.0.0.1 (or ::1); it is "
                    + (address == null || address.isBlank() ? "unset (all interfaces)" : address));
        }
    }
}
