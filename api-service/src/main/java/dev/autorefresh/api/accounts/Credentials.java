package dev.autorefresh.api.accounts;

import java.time.Instant;
import java.util.Objects;

/** What an account authenticates with upstream. {@code toString} never shows a secret. */
public sealed interface Credentials {

    record ApiKey(String key) implements Credentials {
        public ApiKey {
            requireText(key, "apiKey");
        }

        @Override
        public String toString() {
            return "ApiKey[****]";
        }
    }

    record OAuth(String accessToken, String refreshToken, Instant expiresAt) implements Credentials {
        public OAuth {
            requireText(accessToken, "accessToken");
            Objects.requireNonNull(expiresAt, "expiresAt");
        }

        @Override
        public String toString() {
            return "OAuth[expiresAt=" + expiresAt + "]";
        }
    }

    private static void requireText(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank");
        }
    }
}
