package dev.autorefresh.api.security;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface ApiTokenRepository extends JpaRepository<ApiToken, UUID> {

    Optional<ApiToken> findByTokenHash(String tokenHash);

    Optional<ApiToken> findByNameAndRevokedAtIsNull(String name);

    boolean existsByRevokedAtIsNull();

    List<ApiToken> findAllByOrderByCreatedAtAsc();

    /** A plain update, so a request that records a use never conflicts with a revocation made meanwhile. */
    @Modifying
    @Query("update ApiToken t set t.lastUsedAt = :now where t.id = :id")
    int recordUse(@Param("id") UUID id, @Param("now") Instant now);
}
