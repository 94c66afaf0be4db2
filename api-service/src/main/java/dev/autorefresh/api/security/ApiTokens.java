package dev.autorefresh.api.security;

import dev.autorefresh.api.refusals.Conflict;
import dev.autorefresh.api.refusals.InvalidRequest;
import dev.autorefresh.api.refusals.NotFound;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Creates, lists, revokes and checks API tokens.
 *
 * <p>A token is 32 random bytes (256 bits), so it is stored as its plain SHA-256: a slow password hash (bcrypt,
 * argon2) only helps against guessing low-entropy secrets, and would cost tens of milliseconds on every request.
 * A presented token is checked by looking its hash up in a unique index, never by comparing secrets byte by byte,
 * so response timing tells nothing about the stored value (the attacker cannot choose the hash's bytes).
 */
@Service
public class ApiTokens {

    static final String TOKEN_PREFIX = "art_";
    static final int MIN_LENGTH = 32;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9 ._\\-]{1,100}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ApiTokenRepository tokens;
    private final Clock clock;
    private final Duration lastUseResolution;

    ApiTokens(ApiTokenRepository tokens, Clock clock, SecuritySettings settings) {
        this.tokens = tokens;
        this.clock = clock;
        this.lastUseResolution = settings.lastUseResolution();
    }

    /** The new token's secret is in the answer and nowhere else: it cannot be read again. */
    @Transactional
    public IssuedToken create(String name, String role, String createdBy) {
        String checkedName = requireName(name);
        Role checkedRole = Role.parse(role).orElseThrow(() -> new InvalidRequest(
                "role must be admin or viewer", Map.of("field", "role")));
        if (tokens.findByNameAndRevokedAtIsNull(checkedName).isPresent()) {
            throw new Conflict("a token with this name exists; revoke it or choose another name",
                    Map.of("field", "name"));
        }
        String secret = TOKEN_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes());
        ApiToken token = tokens.save(new ApiToken(checkedName, checkedRole, hash(secret), prefixOf(secret),
                createdBy, clock.instant()));
        return new IssuedToken(TokenView.of(token), secret);
    }

    @Transactional(readOnly = true)
    public List<TokenView> list() {
        return tokens.findAllByOrderByCreatedAtAsc().stream().map(TokenView::of).toList();
    }

    /** Takes effect on the next request: every request looks its token up again. */
    @Transactional
    public TokenView revoke(UUID id) {
        ApiToken token = tokens.findById(id)
                .orElseThrow(() -> new NotFound("no such token", Map.of("id", id.toString())));
        token.revoke(clock.instant());
        return TokenView.of(token);
    }

    @Transactional
    public TokenView revokeByName(String name) {
        ApiToken token = tokens.findByNameAndRevokedAtIsNull(name)
                .orElseThrow(() -> new NotFound("no live token with this name", Map.of("name", name)));
        token.revoke(clock.instant());
        return TokenView.of(token);
    }

    /** The caller a presented secret stands for, if it is a live token. */
    @Transactional
    Optional<ApiPrincipal> authenticate(String secret) {
        if (secret == null || secret.isBlank()) {
            return Optional.empty();
        }
        return tokens.findByTokenHash(hash(secret)).filter(ApiToken::active).map(this::used);
    }

    /** The caller behind a dashboard session, if its token is still live. */
    @Transactional
    Optional<ApiPrincipal> authenticate(UUID tokenId) {
        return tokens.findById(tokenId).filter(ApiToken::active).map(this::used);
    }

    /**
     * Stores the bootstrap admin token's hash unless it is known already (live or revoked: a revoked bootstrap
     * token stays revoked across restarts). A new value replaces the previous live token named bootstrap.
     *
     * @return whether a token was stored
     */
    @Transactional
    boolean ensureBootstrap(String secret) {
        String hash = hash(secret);
        if (tokens.findByTokenHash(hash).isPresent()) {
            return false;
        }
        Instant now = clock.instant();
        tokens.findByNameAndRevokedAtIsNull(SecuritySettings.BOOTSTRAP_NAME).ifPresent(old -> {
            old.revoke(now);
            tokens.saveAndFlush(old);
        });
        tokens.save(new ApiToken(SecuritySettings.BOOTSTRAP_NAME, Role.ADMIN, hash, prefixOf(secret),
                "AUTOREFRESH_BOOTSTRAP_ADMIN_TOKEN", now));
        return true;
    }

    @Transactional(readOnly = true)
    boolean anyLive() {
        return tokens.existsByRevokedAtIsNull();
    }

    private ApiPrincipal used(ApiToken token) {
        Instant now = clock.instant();
        if (token.lastUseOlderThan(now, lastUseResolution)) {
            tokens.recordUse(token.id(), now);
        }
        return new ApiPrincipal(token.id(), token.name(), token.role());
    }

    private static String requireName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidRequest("name must be 1-100 letters, digits, spaces, dots, underscores or dashes",
                    Map.of("field", "name"));
        }
        return name;
    }

    /** Enough to tell tokens apart in a list; 4 random characters reveal 24 of the 256 bits. */
    private static String prefixOf(String secret) {
        return secret.substring(0, Math.min(8, secret.length()));
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    static String hash(String secret) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** A token as it may be shown: never its secret nor its hash. */
    public record TokenView(UUID id, String name, String role, String prefix, Instant createdAt, String createdBy,
            Instant lastUsedAt, Instant revokedAt) {

        static TokenView of(ApiToken token) {
            return new TokenView(token.id(), token.name(), token.role().label(), token.tokenPrefix(),
                    token.createdAt(), token.createdBy(), token.lastUsedAt(), token.revokedAt());
        }
    }

    /** A token just created, with its secret: shown once. */
    public record IssuedToken(TokenView token, String secret) {

        @Override
        public String toString() {
            return "IssuedToken[" + token + ", secret=****]";
        }
    }
}
