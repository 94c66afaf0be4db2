package dev.autorefresh.api.accounts;

import dev.autorefresh.api.web.ApiException;
import java.math.BigInteger;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The fields of a JSON request body, read strictly: a value of the wrong JSON type is refused, never coerced
 * ({@code "yes"} is not a flag, {@code 1.5} is not an integer). Unknown fields are ignored. Messages name the
 * field and never echo its value, which may be a secret.
 */
final class RequestFields {

    private final JsonNode body;

    private RequestFields(JsonNode body) {
        this.body = body;
    }

    static RequestFields of(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ApiException.badRequest("request body must be a JSON object", null);
        }
        return new RequestFields(body);
    }

    /** Present with a value other than {@code null}. */
    boolean has(String field) {
        JsonNode value = body.get(field);
        return value != null && !value.isNull();
    }

    /** Present, possibly {@code null}. */
    boolean mentions(String field) {
        return body.has(field);
    }

    /** The guide's {@code {"enabled": 1}}: 1, 0, true or false, and nothing else. */
    boolean flag(String field) {
        JsonNode value = required(field, "1, 0, true or false");
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        if (value.isIntegralNumber()) {
            BigInteger number = value.bigIntegerValue();
            if (number.equals(BigInteger.ONE) || number.equals(BigInteger.ZERO)) {
                return number.equals(BigInteger.ONE);
            }
        }
        throw invalid(field, field + " must be 1, 0, true or false");
    }

    String text(String field) {
        JsonNode value = required(field, "a string");
        if (!value.isString()) {
            throw invalid(field, field + " must be a string");
        }
        return value.stringValue();
    }

    /** Null when absent or {@code null}. */
    String optionalText(String field) {
        return has(field) ? text(field) : null;
    }

    /** A nested object, read as strictly as the body; {@code rule} says what it must be. */
    RequestFields object(String field, String rule) {
        JsonNode value = required(field, "an object");
        if (!value.isObject()) {
            throw invalid(field, rule);
        }
        return new RequestFields(value);
    }

    /** The field's string value, or null when it is absent, {@code null} or not a string. */
    String optionalTextOrNull(String field) {
        JsonNode value = body.get(field);
        return value != null && value.isString() ? value.stringValue() : null;
    }

    /** A whole number that fits a long; {@code name} is how errors call the field, {@code rule} what they say. */
    long wholeNumber(String field, String name, String rule) {
        JsonNode value = body.get(field);
        if (value == null || !value.isIntegralNumber() || !value.canConvertToLong()) {
            throw invalid(name, rule);
        }
        return value.longValue();
    }

    int integer(String field, int min, int max) {
        String rule = field + " must be an integer from " + min + " to " + max;
        JsonNode value = required(field, "an integer from " + min + " to " + max);
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw invalid(field, rule);
        }
        int number = value.intValue();
        if (number < min || number > max) {
            throw invalid(field, rule);
        }
        return number;
    }

    Instant instant(String field) {
        String text = text(field);
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw invalid(field, field + " must be an ISO-8601 instant, like 2026-01-01T00:00:00Z");
        }
    }

    static ApiException invalid(String field, String message) {
        return ApiException.badRequest(message, Map.of("field", field));
    }

    private JsonNode required(String field, String expected) {
        if (!has(field)) {
            throw invalid(field, field + " is required: " + expected);
        }
        return body.get(field);
    }
}
