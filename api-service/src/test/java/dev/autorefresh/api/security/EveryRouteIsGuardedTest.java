package dev.autorefresh.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autorefresh.api.web.ApiClient;
import dev.autorefresh.api.web.ApiTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Every route of the api-service's controllers, read from the handler mapping rather than listed by hand, so a
 * route added tomorrow is checked too: without credentials each {@code /api} route answers 401, a viewer gets 403
 * on every change (and on token and notification webhook management, reads included), an admin is never refused.
 */
@ApiTest
class EveryRouteIsGuardedTest {

    /** The dashboard's sign-in and sign-out, open by design: they are how one gets credentials. */
    private static final Set<String> OPEN = Set.of("POST /api/session", "DELETE /api/session");
    private static final Set<RequestMethod> READS = Set.of(RequestMethod.GET, RequestMethod.HEAD);
    /** Admin-only, reads included: tokens, and webhooks (their destinations are secrets). */
    private static final List<String> ADMIN_ONLY = List.of("/api/tokens", "/api/notifications");

    @LocalServerPort
    int port;
    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;
    @Autowired
    FailedAuthentications failures;

    ApiClient admin;

    @BeforeEach
    void setUp() {
        failures.forgetAll();
        admin = new ApiClient(port);
    }

    @Test
    void withoutCredentialsEveryApiRouteAnswers401InTheErrorShape() {
        for (Route route : apiRoutes()) {
            if (OPEN.contains(route.toString())) {
                continue;
            }
            ApiClient.Reply reply = route.call(ApiClient.anonymous(port));
            assertThat(reply.status()).as(route + ": " + reply.body()).isEqualTo(401);
            reply.assertError(401);
        }
    }

    @Test
    void aViewerReadsButEveryChangeAndTokenManagementAnswers403() {
        ApiClient viewer = new ApiClient(port, Tokens.create(admin, "viewer"));
        for (Route route : apiRoutes()) {
            if (OPEN.contains(route.toString())) {
                continue;
            }
            ApiClient.Reply reply = route.call(viewer);
            if (READS.contains(route.method()) && ADMIN_ONLY.stream().noneMatch(route.path()::startsWith)) {
                assertThat(reply.status()).as(route + ": " + reply.body()).isNotIn(401, 403);
            } else {
                reply.assertError(403);
            }
        }
    }

    @Test
    void anAdminIsRefusedNowhere() {
        for (Route route : apiRoutes()) {
            ApiClient.Reply reply = route.call(admin);
            assertThat(reply.status()).as(route + ": " + reply.body()).isNotIn(401, 403);
        }
    }

    @Test
    void theEnumerationSeesTheRoutesItGuards() {
        assertThat(apiRoutes()).extracting(Route::toString).contains("POST /api/accounts",
                "DELETE /api/accounts/{id}", "POST /api/accounts/{id}/custom-endpoint", "GET /api/stats",
                "POST /api/tokens", "GET /api/tokens", "DELETE /api/tokens/{id}", "GET /api/me",
                "POST /api/notifications/webhooks", "GET /api/notifications/webhooks",
                "DELETE /api/notifications/webhooks/{id}", "POST /api/notifications/webhooks/{id}/test",
                "GET /api/cost", "GET /api/accounts/{id}/cost");
    }

    @Test
    void probesAndTheGuideHealthCheckAreOpenWhileMetricsAndTheApiDescriptionAreNot() {
        ApiClient anonymous = ApiClient.anonymous(port);
        assertThat(anonymous.get("/health").status()).isEqualTo(200);
        assertThat(anonymous.get("/actuator/health/readiness").status()).isEqualTo(200);
        assertThat(anonymous.get("/actuator/health/liveness").status()).isEqualTo(200);
        for (String path : List.of("/actuator/prometheus", "/actuator/metrics", "/actuator/info", "/v3/api-docs",
                "/swagger-ui.html")) {
            anonymous.get(path).assertError(401);
        }
        assertThat(admin.get("/actuator/prometheus").status()).isEqualTo(200);
        ApiClient viewer = new ApiClient(port, Tokens.create(admin, "viewer"));
        assertThat(viewer.get("/v3/api-docs").status()).isEqualTo(200);
    }

    @Test
    void theInternalEndpointWantsTheServiceTokenNotAnApiToken() {
        String path = "/internal/accounts/" + UUID.randomUUID() + "/credentials?refreshId=" + UUID.randomUUID();
        assertThat(admin.get(path).status()).isIn(401, 503);
        assertThat(ApiClient.anonymous(port).get(path).status()).isIn(401, 503);
    }

    private List<Route> apiRoutes() {
        List<Route> routes = new ArrayList<>();
        mappings.getHandlerMethods().keySet().forEach(info -> {
            for (String pattern : patterns(info)) {
                if (!pattern.startsWith("/api/")) {
                    continue;
                }
                Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
                for (RequestMethod method : methods.isEmpty() ? Set.of(RequestMethod.values()) : methods) {
                    routes.add(new Route(method, pattern));
                }
            }
        });
        assertThat(routes).hasSizeGreaterThan(15);
        return routes;
    }

    private static Set<String> patterns(RequestMappingInfo info) {
        return info.getPathPatternsCondition() != null ? info.getPathPatternsCondition().getPatternValues()
                : info.getPatternValues();
    }

    record Route(RequestMethod method, String path) {

        ApiClient.Reply call(ApiClient client) {
            String concrete = path.replaceAll("\\{[^}]+}", UUID.randomUUID().toString());
            boolean body = method == RequestMethod.POST || method == RequestMethod.PUT || method == RequestMethod.PATCH;
            return client.send(method.name(), concrete, body ? "application/json" : null, body ? "{}" : null);
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }
}
