package dev.autorefresh.api.accounts;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * The account's claim on the window being refreshed, and the hour's record of granted claims. A worker may spend a
 * message only under a claim; while one lives, another request for the same window is a duplicate (docs/internals.md,
 * "Claims"). Part of {@link Account}, which decides when to take, release or void it.
 */
@Embeddable
class WindowClaim {

    private static final Duration HOUR = Duration.ofHours(1);

    @Column(name = "claim_refresh_id")
    private UUID refreshId;
    @Column(name = "claim_window_reset_at")
    private Instant windowResetAt;
    @Column(name = "claimed_at")
    private Instant claimedAt;
    @Column(name = "claim_expires_at")
    private Instant expiresAt;
    @Column(name = "claim_verify_first")
    private boolean verifyFirst;
    @Column(name = "claims_voided")
    private boolean voided;
    // Epoch milliseconds, oldest first: a handful of numbers, not worth a table.
    @Column(name = "recent_claims")
    private String recent;

    boolean held() {
        return refreshId != null;
    }

    boolean heldFor(Instant window) {
        return held() && sameWindow(windowResetAt, window);
    }

    /**
     * The database keeps microseconds, rounded (not truncated) from the nanoseconds it was given; an instant that went
     * through it must still match the one that did not. Real windows are hours apart.
     */
    static boolean sameWindow(Instant a, Instant b) {
        if (a == null || b == null) {
            return a == b;
        }
        return Math.abs(Duration.between(a, b).toNanos()) < 1_000;
    }

    boolean liveAt(Instant now) {
        return held() && expiresAt.isAfter(now);
    }

    /** Whether a result of {@code resultRefreshId} belongs to the current claim, or at least to none that replaced it. */
    boolean current(UUID resultRefreshId) {
        if (voided) {
            return false;
        }
        return !held() || refreshId.equals(resultRefreshId);
    }

    UUID refreshId() {
        return refreshId;
    }

    Instant claimedAt() {
        return claimedAt;
    }

    boolean verifyFirst() {
        return verifyFirst;
    }

    void take(UUID claimant, Instant window, boolean verify, Instant now, Duration lifetime) {
        refreshId = Objects.requireNonNull(claimant, "refreshId");
        windowResetAt = window;
        claimedAt = now;
        expiresAt = now.plus(lifetime);
        verifyFirst = verify;
        voided = false;
        List<Instant> granted = grantedSince(now.minus(HOUR));
        granted.add(now);
        recent = String.join(",", granted.stream().map(at -> Long.toString(at.toEpochMilli())).toList());
    }

    void release() {
        refreshId = null;
        windowResetAt = null;
        claimedAt = null;
        expiresAt = null;
        verifyFirst = false;
    }

    /**
     * Nothing was sent under this claim (no credentials could be issued, or the worker made no call): its grant no
     * longer counts toward the hour's budget. A claim that had to verify first stays, expired, so the next attempt
     * must verify too; any other is released.
     */
    void abandon(Instant now) {
        if (!held()) {
            return;
        }
        List<Instant> granted = grantedSince(Instant.EPOCH);
        // Kept in milliseconds; claimedAt went through the database (microseconds): compare what both still hold.
        long grantedAt = claimedAt.toEpochMilli();
        granted.stream().filter(at -> at.toEpochMilli() == grantedAt).findFirst().ifPresent(granted::remove);
        recent = String.join(",", granted.stream().map(at -> Long.toString(at.toEpochMilli())).toList());
        if (verifyFirst) {
            if (expiresAt.isAfter(now)) {
                expiresAt = now;
            }
        } else {
            release();
        }
    }

    /** Credentials or endpoint changed: whatever was under way reported on what no longer exists. */
    void voidAll() {
        release();
        voided = true;
    }

    /** Claims granted within the hour before {@code now}, oldest first. */
    List<Instant> grantedSince(Instant since) {
        var granted = new ArrayList<Instant>();
        if (recent == null || recent.isEmpty()) {
            return granted;
        }
        for (String millis : recent.split(",")) {
            Instant at = Instant.ofEpochMilli(Long.parseLong(millis));
            if (at.isAfter(since)) {
                granted.add(at);
            }
        }
        return granted;
    }
}
