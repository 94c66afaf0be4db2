package dev.autorefresh.api.json;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The refusal of a request field whose JSON value has the wrong type ({@code {"priority": "5"}}): request bodies are
 * read strictly, never coerced, so the type check happens while reading, before Bean Validation sees the record.
 * Without this annotation the message says which JSON type the field takes. Never echoes the value.
 */
@Target({ElementType.RECORD_COMPONENT, ElementType.FIELD})
@Retention(RetentionPolicy.RUNTIME)
public @interface WrongType {

    /** The whole message, like {@code "priority must be an integer from 0 to 100"}. */
    String value();
}
