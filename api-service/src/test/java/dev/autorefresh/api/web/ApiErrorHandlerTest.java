package dev.autorefresh.api.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import dev.autorefresh.api.refusals.Conflict;
import dev.autorefresh.api.refusals.InvalidRequest;
import dev.autorefresh.api.refusals.NotFound;
import jakarta.servlet.RequestDispatcher;
import java.sql.SQLException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.orm.ObjectOptimisticLockingFailureException;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** How failures that the API cannot provoke on purpose are answered: in the error shape, without internals. */
class ApiErrorHandlerTest {

    private final MockMvc mvc = MockMvcBuilders.standaloneSetup(new Failing())
            .setControllerAdvice(new ApiErrorHandler()).build();

    @Test
    void aConcurrentChangeIsAConflict() throws Exception {
        JsonNode body = call("optimistic", 409);

        assertThat(body.get("error").stringValue()).contains("changed by another request");
    }

    @Test
    void aConstraintViolationIsAConflictThatQuotesNoStoredData() throws Exception {
        JsonNode body = call("constraint", 409);

        assertThat(body.toString()).doesNotContain("sk-ant").doesNotContain("Failing row");
    }

    @Test
    void anUnreachableDatabaseIsServiceUnavailable() throws Exception {
        assertThat(call("database", 503).get("error").stringValue()).isEqualTo("database unavailable");
    }

    @Test
    void aBugIsAnInternalErrorWithoutMessageOrStackTrace() throws Exception {
        JsonNode body = call("bug", 500);

        assertThat(body.get("error").stringValue()).isEqualTo("internal error");
        assertThat(body.get("details").isNull()).isTrue();
        assertThat(body.toString()).doesNotContain("boom").doesNotContain("at dev.").doesNotContain("Exception");
    }

    @Test
    void aRefusalCarriesItsStatusAndDetails() throws Exception {
        JsonNode body = call("refused", 409);

        assertThat(body.get("error").stringValue()).isEqualTo("taken");
        assertThat(body.get("details").get("field").stringValue()).isEqualTo("name");
    }

    @Test
    void aFeaturesRefusalIsAnsweredWithItsKindsStatusItsWordsAndItsDetails() throws Exception {
        JsonNode invalid = call("invalid", 400);
        JsonNode missing = call("missing", 404);
        JsonNode taken = call("taken", 409);

        assertThat(invalid.get("error").stringValue()).isEqualTo("limit must be from 1 to 10");
        assertThat(invalid.get("details").get("parameter").stringValue()).isEqualTo("limit");
        assertThat(missing.get("error").stringValue()).isEqualTo("no such thing");
        assertThat(missing.get("details").get("id").stringValue()).isEqualTo("7");
        assertThat(taken.get("error").stringValue()).isEqualTo("name taken");
        assertThat(taken.get("details").isNull()).isTrue();
    }

    @Test
    void containerErrorsOutsideControllersTakeTheSameShape() {
        var request = new MockHttpServletRequest();
        request.setAttribute(RequestDispatcher.ERROR_STATUS_CODE, 400);
        var serverError = new MockHttpServletRequest();
        serverError.setAttribute(RequestDispatcher.ERROR_STATUS_CODE, 500);

        var bad = new ApiErrorController().error(request);
        var failed = new ApiErrorController().error(serverError);

        assertThat(bad.getStatusCode().value()).isEqualTo(400);
        assertThat(bad.getBody()).isEqualTo(new ApiError("bad request", null));
        assertThat(failed.getStatusCode().value()).isEqualTo(500);
        assertThat(failed.getBody()).isEqualTo(new ApiError("internal error", null));
    }

    private JsonNode call(String failure, int status) throws Exception {
        var response = mvc.perform(get("/fail/" + failure)).andReturn().getResponse();
        assertThat(response.getStatus()).isEqualTo(status);
        JsonNode body = ApiClient.parse(response.getContentAsString());
        assertThat(body.propertyNames()).containsExactlyInAnyOrder("error", "details");
        return body;
    }

    @RestController
    static class Failing {

        @GetMapping("/fail/{failure}")
        String fail(@PathVariable String failure) {
            throw switch (failure) {
                case "optimistic" -> new ObjectOptimisticLockingFailureException("Account", "42");
                case "constraint" -> new DataIntegrityViolationException("could not execute statement",
                        new SQLException("Failing row contains (42, sk-ant-api03-secret)", "23514"));
                case "database" -> new CannotCreateTransactionException("Could not open JPA EntityManager");
                case "refused" -> new Conflict("taken", Map.of("field", "name"));
                case "invalid" -> new InvalidRequest("limit must be from 1 to 10", Map.of("parameter", "limit"));
                case "missing" -> new NotFound("no such thing", Map.of("id", "7"));
                case "taken" -> new Conflict("name taken", null);
                default -> new IllegalStateException("boom");
            };
        }
    }
}
