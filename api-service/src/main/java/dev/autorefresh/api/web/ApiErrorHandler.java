package dev.autorefresh.api.web;

import dev.autorefresh.api.refusals.Conflict;
import dev.autorefresh.api.refusals.InvalidRequest;
import dev.autorefresh.api.refusals.NotFound;
import dev.autorefresh.api.refusals.Refusal;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Turns every failure of a request into {@code {"error": ..., "details": ...}}: never a stack trace, never an
 * exception message that could carry stored data. Lowest precedence, so a feature's own advice (with any
 * higher {@code @Order}) or a controller's own {@code @ExceptionHandler} wins over this catch-all.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
class ApiErrorHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiErrorHandler.class);

    /** A feature's refusal: its kind decides the status, its words and details are the body. */
    @ExceptionHandler(Refusal.class)
    ResponseEntity<ApiError> onRefusal(Refusal e) {
        HttpStatus status = switch (e) {
            case InvalidRequest invalid -> HttpStatus.BAD_REQUEST;
            case NotFound notFound -> HttpStatus.NOT_FOUND;
            case Conflict conflict -> HttpStatus.CONFLICT;
        };
        return ResponseEntity.status(status).body(new ApiError(e.getMessage(), e.details()));
    }

    @ExceptionHandler(OptimisticLockingFailureException.class)
    ResponseEntity<ApiError> onConcurrentChange(OptimisticLockingFailureException e) {
        return ResponseEntity.status(HttpStatus.CONFLICT)
                .body(ApiError.of("the resource was changed by another request at the same time; read it and retry"));
    }

    /** Constraint names only: the database's own message can quote the whole row, secrets included. */
    @ExceptionHandler(DataIntegrityViolationException.class)
    ResponseEntity<ApiError> onConstraint(DataIntegrityViolationException e) {
        log.warn("Request refused by a database constraint ({})", e.getClass().getSimpleName());
        return ResponseEntity.status(HttpStatus.CONFLICT).body(ApiError.of("the change conflicts with stored data"));
    }

    @ExceptionHandler({CannotCreateTransactionException.class, DataAccessResourceFailureException.class})
    ResponseEntity<ApiError> onDatabaseUnavailable(RuntimeException e) {
        log.error("Database unavailable: {}", e.getClass().getSimpleName());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body(ApiError.of("database unavailable"));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ApiError> onUnexpected(Exception e, HttpServletRequest request) {
        log.error("Unhandled error on {} {}", request.getMethod(), request.getRequestURI(), e);
        return ResponseEntity.internalServerError().body(ApiError.of("internal error"));
    }

    /**
     * The framework's own refusals (405, 415, unreadable or invalid body, bad parameter, no such path) in our shape.
     */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        ApiError error = switch (ex) {
            case HttpMessageNotReadableException e -> RequestBodyErrors.unreadable(e);
            case MethodArgumentNotValidException e -> RequestBodyErrors.invalid(e);
            case HttpMediaTypeNotSupportedException e ->
                    new ApiError("content type must be application/json", Map.of("contentType",
                            String.valueOf(e.getContentType())));
            case HttpRequestMethodNotSupportedException e -> new ApiError(
                    "method " + e.getMethod() + " is not allowed here",
                    Map.of("allowed", e.getSupportedHttpMethods() == null ? Set.of()
                            : e.getSupportedHttpMethods().stream().map(Object::toString).sorted().toList()));
            case TypeMismatchException e ->
                    new ApiError(e.getPropertyName() + " has an invalid value", Map.of("parameter",
                            String.valueOf(e.getPropertyName())));
            case NoResourceFoundException e -> ApiError.of("not found");
            default -> fallback(ex, body, status);
        };
        return ResponseEntity.status(status).headers(headers).body(error);
    }

    private static ApiError fallback(Exception ex, Object body, HttpStatusCode status) {
        if (status.is5xxServerError()) {
            log.error("Request failed", ex);
            return ApiError.of("internal error");
        }
        String detail = body instanceof ProblemDetail problem ? problem.getDetail() : null;
        return ApiError.of(detail != null ? detail : reason(status));
    }

    static String reason(HttpStatusCode status) {
        HttpStatus known = HttpStatus.resolve(status.value());
        return known == null ? "error " + status.value() : known.getReasonPhrase().toLowerCase(Locale.ROOT);
    }
}
