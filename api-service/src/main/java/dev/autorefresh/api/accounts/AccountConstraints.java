package dev.autorefresh.api.accounts;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The account rules ({@link AccountRules}) as Bean Validation constraints for the request records, so the entity and
 * the API check the same thing. Each one lets null pass: whether a field is required is said by {@code @NotNull}.
 * The validators are public because a plain Bean Validation provider (outside Spring) creates them by reflection.
 */
public final class AccountConstraints {

    private AccountConstraints() {
    }

    /** {@link AccountRules#validName}. */
    @Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT})
    @Retention(RetentionPolicy.RUNTIME)
    @Constraint(validatedBy = NameValidator.class)
    @interface AccountName {
        String message() default "name must be " + AccountRules.NAME_RULE;

        Class<?>[] groups() default {};

        Class<? extends Payload>[] payload() default {};
    }

    /** {@link AccountRules#validEndpoint}, or {@code ""}, which clears the endpoint. */
    @Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT})
    @Retention(RetentionPolicy.RUNTIME)
    @Constraint(validatedBy = EndpointValidator.class)
    @interface Endpoint {
        String message() default "customEndpoint must be an absolute http(s) URL with a host, like "
                + "https://api.example.com/v1/messages";

        Class<?>[] groups() default {};

        Class<? extends Payload>[] payload() default {};
    }

    /** What {@link Instant#parse} takes: ISO-8601 with {@code Z} or an offset. */
    @Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT})
    @Retention(RetentionPolicy.RUNTIME)
    @Constraint(validatedBy = InstantValidator.class)
    @interface IsoInstant {
        String message();

        Class<?>[] groups() default {};

        Class<? extends Payload>[] payload() default {};
    }

    public static final class NameValidator implements ConstraintValidator<AccountName, String> {
        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            return value == null || AccountRules.validName(value);
        }
    }

    public static final class EndpointValidator implements ConstraintValidator<Endpoint, String> {
        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            return value == null || value.isEmpty() || AccountRules.validEndpoint(value);
        }
    }

    public static final class InstantValidator implements ConstraintValidator<IsoInstant, String> {
        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            if (value == null) {
                return true;
            }
            try {
                Instant.parse(value);
                return true;
            } catch (DateTimeParseException e) {
                return false;
            }
        }
    }
}
