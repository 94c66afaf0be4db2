package dev.autorefresh.api.oauth;

import java.time.Duration;

/** What the token endpoint made of a refresh token. {@code toString} never shows a token. */
sealed interface TokenResponse {

    /** @param refreshToken the rotated refresh token, or null when the endpoint did not rotate it */
    record Issued(String accessToken, String refreshToken, Duration expiresIn) implements TokenResponse {
        @Override
        public String toString() {
            return "Issued[expiresIn=" + expiresIn + ", rotated=" + (refreshToken != null) + "]";
        }
    }

    /** 400 / 401 (invalid_grant and the like): the refresh token will never work again. */
    record Rejected(String reason) implements TokenResponse {
    }

    /** Network failure, timeout, 5xx, 429, an unreadable answer: worth trying again later. */
    record Failed(String reason) implements TokenResponse {
    }
}
