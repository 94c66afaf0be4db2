package dev.autorefresh.api.accounts;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import java.time.Instant;

/**
 * The durable marker of an OAuth token rotation: set and committed before the token endpoint is called, cleared
 * when its outcome is stored. A marker still there after its deadline is a rotation that never finished: the
 * provider may have rotated the refresh token we hold, so it is treated as dead (see docs/internals.md).
 */
@Embeddable
class TokenRotation {

    @Column(name = "token_rotation_started_at")
    private Instant startedAt;
    @Column(name = "token_rotation_deadline")
    private Instant deadline;
    @Column(name = "token_rotation_interrupted")
    private boolean interrupted;

    boolean inFlight(Instant now) {
        return startedAt != null && deadline.isAfter(now);
    }

    boolean overdue(Instant now) {
        return startedAt != null && !deadline.isAfter(now);
    }

    boolean interrupted() {
        return interrupted;
    }

    /** Whether the marker is the one set at {@code startedAt}: nobody cleared or replaced it meanwhile. */
    boolean owns(Instant startedAt) {
        return this.startedAt != null && this.startedAt.equals(startedAt);
    }

    Instant startedAt() {
        return startedAt;
    }

    void start(Instant startedAt, Instant deadline) {
        this.startedAt = startedAt;
        this.deadline = deadline;
    }

    void finish() {
        startedAt = null;
        deadline = null;
    }

    void interrupt() {
        finish();
        interrupted = true;
    }

    void forget() {
        finish();
        interrupted = false;
    }
}
