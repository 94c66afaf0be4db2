package dev.autorefresh.api.security;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/** A credential for the REST API and the dashboard, known only by the hash of its secret. */
@Entity
@Table(name = "api_token")
class ApiToken {

    @Id
    private UUID id;
    private String name;
    @Enumerated(EnumType.STRING)
    private Role role;
    @Column(updatable = false)
    private String tokenHash;
    @Column(updatable = false)
    private String tokenPrefix;
    @Column(updatable = false)
    private Instant createdAt;
    @Column(updatable = false)
    private String createdBy;
    private Instant lastUsedAt;
    private Instant revokedAt;

    protected ApiToken() {
        // for JPA
    }

    ApiToken(String name, Role role, String tokenHash, String tokenPrefix, String createdBy, Instant now) {
        this.id = UUID.randomUUID();
        this.name = name;
        this.role = role;
        this.tokenHash = tokenHash;
        this.tokenPrefix = tokenPrefix;
        this.createdBy = createdBy;
        this.createdAt = now;
    }

    boolean active() {
        return revokedAt == null;
    }

    /** Revoking twice keeps the first time: that is when access ended. */
    void revoke(Instant now) {
        if (revokedAt == null) {
            revokedAt = now;
        }
    }

    /** Whether the last-use time is stale enough to be written again (at most once per {@code resolution}). */
    boolean lastUseOlderThan(Instant now, Duration resolution) {
        return lastUsedAt == null || !lastUsedAt.plus(resolution).isAfter(now);
    }

    UUID id() {
        return id;
    }

    String name() {
        return name;
    }

    Role role() {
        return role;
    }

    String tokenPrefix() {
        return tokenPrefix;
    }

    Instant createdAt() {
        return createdAt;
    }

    String createdBy() {
        return createdBy;
    }

    Instant lastUsedAt() {
        return lastUsedAt;
    }

    Instant revokedAt() {
        return revokedAt;
    }

    @Override
    public String toString() {
        return "ApiToken[id=" + id + ", name=" + name + ", role=" + role + ", prefix=" + tokenPrefix + "]";
    }
}
