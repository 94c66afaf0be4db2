package dev.autorefresh.stub;

import java.util.Arrays;
import java.util.stream.Collectors;

/** How {@code GET /api/oauth/usage} fails on purpose, the ways the real one is seen to fail. */
enum UsageFailure {
    /** Answer from the account's window. */
    NONE("none"),
    /** A token issued without the {@code user:profile} scope. */
    SCOPE_MISSING("403"),
    /** The endpoint does not exist (an older proxy, a custom endpoint that is not Anthropic's). */
    NOT_FOUND("404"),
    SERVER_ERROR("500"),
    /** A 200 whose JSON has no {@code five_hour} object: a changed contract. */
    UNKNOWN_SHAPE("unknown_shape");

    private final String wireName;

    UsageFailure(String wireName) {
        this.wireName = wireName;
    }

    String wireName() {
        return wireName;
    }

    static UsageFailure parse(String value) {
        for (UsageFailure failure : values()) {
            if (failure.wireName.equalsIgnoreCase(value)) {
                return failure;
            }
        }
        throw new IllegalArgumentException("failure must be one of "
                + Arrays.stream(values()).map(UsageFailure::wireName).collect(Collectors.joining(", ")));
    }
}
