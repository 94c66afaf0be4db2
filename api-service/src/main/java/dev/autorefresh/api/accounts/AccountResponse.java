package dev.autorefresh.api.accounts;

import dev.autorefresh.api.json.ApiInstant;
import java.time.Instant;
import java.util.UUID;

/**
 * An account as the public API shows it: the guide's fields and the refresh state, never a token or a key.
 * Built field by field from the entity, so a new column cannot leak by accident.
 */
record AccountResponse(
        UUID id,
        String name,
        String provider,
        boolean autoRefreshEnabled,
        boolean autoFallbackEnabled,
        String rateLimitStatus,
        @ApiInstant Instant rateLimitReset,
        Integer rateLimitRemaining,
        boolean paused,
        String pauseReason,
        int priority,
        String customEndpoint,
        String authType,
        String tokenStatus,
        @ApiInstant Instant tokenExpiresAt,
        @ApiInstant Instant nextRefreshAt,
        boolean requiresReauth,
        String noWindowReason,
        int consecutiveFailures,
        LastRefresh lastRefresh,
        @ApiInstant Instant createdAt) {

    static AccountResponse of(Account account, Instant now) {
        return new AccountResponse(
                account.id(),
                account.name(),
                account.provider(),
                account.autoRefreshEnabled(),
                account.autoFallbackEnabled(),
                account.rateLimitStatus(),
                account.rateLimitReset(),
                account.rateLimitRemaining(),
                account.paused(),
                account.pauseReason(),
                account.priority(),
                account.customEndpoint(),
                account.usesOAuth() ? "oauth" : "api_key",
                tokenStatus(account, now),
                account.tokenExpiresAt(),
                account.nextRefreshAt(),
                account.requiresReauth() || account.tokenRotationInterrupted(now),
                account.noWindowReason(),
                account.consecutiveFailures(),
                account.lastRefreshAt() == null ? null
                        : new LastRefresh(account.lastRefreshAt(), account.lastRefreshOutcome(),
                                account.lastRefreshError()),
                account.createdAt());
    }

    private static String tokenStatus(Account account, Instant now) {
        // Its own state, so an operator can tell "the provider refused the token" from "we lost the rotated one".
        if (account.tokenRotationInterrupted(now)) {
            return "rotation_interrupted";
        }
        if (account.requiresReauth()) {
            return "reauth_required";
        }
        boolean expired = account.usesOAuth() && account.tokenExpiresAt() != null
                && !account.tokenExpiresAt().isAfter(now);
        return expired ? "expired" : "valid";
    }

    /**
     * @param outcome SUCCESS, UNCHANGED, NO_WINDOW, ASSUMED_SENT, or the failure kind; @param error the failure's
     *                reason, if any
     */
    record LastRefresh(@ApiInstant Instant at, String outcome, String error) {
    }
}
