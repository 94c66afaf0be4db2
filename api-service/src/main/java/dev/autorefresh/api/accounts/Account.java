package dev.autorefresh.api.accounts;

import dev.autorefresh.api.crypto.Secret;
import dev.autorefresh.api.crypto.SecretColumn;
import dev.autorefresh.events.FailureKind;
import dev.autorefresh.events.RefreshFailed;
import dev.autorefresh.events.WindowSource;
import dev.autorefresh.events.WindowUpdated;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.hibernate.annotations.DynamicUpdate;

/**
 * An upstream account and the state of its usage window. Every change goes through a method that checks
 * the current state; {@link #nextRefreshAt} is recomputed by each of them, never set from outside.
 */
@Entity
@Table(name = "account")
// Only changed columns are written: a refresh result touches the window columns, and must not re-encrypt (with
// fresh nonces) three secrets it did not change (in the benchmark's profile, ~6 % of applying a result).
@DynamicUpdate
public class Account {

    public static final String PAUSED_MANUALLY = "manual";
    public static final String PAUSED_BY_FAILURES = "failure_threshold";
    public static final String ROTATION_INTERRUPTED = "token rotation interrupted: re-login needed";
    private static final Duration HOUR = Duration.ofHours(1);

    @Id
    private UUID id;
    private String name;
    private String provider;

    // Encrypted at rest (AES-GCM, see SecretCipher), and decrypted only when credentials() is asked for.
    @Convert(converter = SecretColumn.class)
    private Secret apiKey;
    @Convert(converter = SecretColumn.class)
    private Secret accessToken;
    @Convert(converter = SecretColumn.class)
    private Secret refreshToken;
    private Instant tokenExpiresAt;
    @Embedded
    private TokenRotation tokenRotation = new TokenRotation();

    private int priority;
    private boolean paused;
    private String pauseReason;
    private boolean autoRefreshEnabled;
    private boolean autoFallbackEnabled;
    private String customEndpoint;

    private Instant rateLimitReset;
    // rateLimitReset is our estimate, not a reset upstream reported: a reported one replaces it, earlier or not.
    private boolean windowEstimated;
    private String rateLimitStatus;
    private Integer rateLimitRemaining;
    private Instant nextRefreshAt;

    private int consecutiveFailures;
    private int unmovedRetries;
    private Instant lastRefreshAt;
    private String lastRefreshOutcome;
    private String lastRefreshError;
    private boolean requiresReauth;
    // Why the account gets no more messages: its answers carried no subscription usage window.
    private String noWindowReason;
    private int rateLimitedStreak;

    @Embedded
    private WindowClaim claim = new WindowClaim();

    @Column(updatable = false)
    private Instant createdAt;
    private Instant updatedAt;

    @Version
    private long version;

    protected Account() {
        // for JPA
    }

    public Account(String name, String provider, Credentials credentials, int priority, String customEndpoint,
            Instant now) {
        this.id = UUID.randomUUID();
        this.name = requireName(name);
        this.provider = requireProvider(provider);
        this.priority = requirePriority(priority);
        this.customEndpoint = requireEndpoint(customEndpoint);
        this.createdAt = now;
        this.updatedAt = now;
        storeCredentials(credentials);
        this.nextRefreshAt = now;
    }

    // ---- what people do ------------------------------------------------------------------------------

    public void enableAutoRefresh(boolean enabled, RefreshPolicy policy, Instant now) {
        if (enabled) {
            requireAnthropic("Auto-refresh");
        }
        this.autoRefreshEnabled = enabled;
        if (enabled) {
            // Enabling again is how a person says "try this account again", also after "no usage window".
            this.noWindowReason = null;
            this.nextRefreshAt = dueFromWindow(policy, now);
        }
        touch(now);
    }

    public void enableAutoFallback(boolean enabled, Instant now) {
        if (enabled) {
            requireAnthropic("Auto-fallback");
        }
        this.autoFallbackEnabled = enabled;
        touch(now);
    }

    /** Another endpoint may report a usage window where the old one did not; what was under way reported on the old. */
    public void changeCustomEndpoint(String endpoint, Instant now) {
        this.customEndpoint = requireEndpoint(endpoint);
        claim().voidAll();
        if (noWindowReason != null || FailureKind.NOT_ELIGIBLE.name().equals(lastRefreshOutcome)) {
            // Tried at once: the new endpoint may report a window, or be one the allow-list accepts.
            noWindowReason = null;
            nextRefreshAt = now;
        }
        touch(now);
    }

    public void pause(Instant now) {
        this.paused = true;
        this.pauseReason = PAUSED_MANUALLY;
        touch(now);
    }

    /** Resuming also forgives earlier failures: a person looked at the account. */
    public void resume(RefreshPolicy policy, Instant now) {
        this.paused = false;
        this.pauseReason = null;
        this.consecutiveFailures = 0;
        this.unmovedRetries = 0;
        this.nextRefreshAt = dueFromWindow(policy, now);
        touch(now);
    }

    public void changePriority(int priority, Instant now) {
        this.priority = requirePriority(priority);
        touch(now);
    }

    public void rename(String name, Instant now) {
        this.name = requireName(name);
        touch(now);
    }

    /** New credentials lift a re-authentication block and are tried at once. */
    public void replaceCredentials(Credentials credentials, RefreshPolicy policy, Instant now) {
        storeCredentials(credentials);
        // The person's new tokens win over any rotation still in flight: its result is dropped when it comes.
        this.tokenRotation.forget();
        this.requiresReauth = false;
        this.noWindowReason = null;
        this.consecutiveFailures = 0;
        this.unmovedRetries = 0;
        this.rateLimitedStreak = 0;
        // A failure still to come from the old credentials must not block the new ones.
        claim().voidAll();
        if (PAUSED_BY_FAILURES.equals(pauseReason)) {
            this.paused = false;
            this.pauseReason = null;
        }
        this.nextRefreshAt = dueFromWindow(policy, now);
        touch(now);
    }

    // ---- what the OAuth token endpoint says ----------------------------------------------------------

    /**
     * The token endpoint issued a new access token: it, the rotated refresh token and the expiry are stored together.
     * An endpoint that did not rotate the refresh token leaves the current one in place.
     */
    public void renewAccessToken(String accessToken, String rotatedRefreshToken, Instant expiresAt, Instant now) {
        if (!usesOAuth()) {
            throw new IllegalStateException(this + " authenticates with an API key, not OAuth tokens");
        }
        if (!expiresAt.isAfter(now)) {
            throw new IllegalArgumentException("a renewed access token must expire after " + now);
        }
        Secret keptRefreshToken = refreshToken;
        storeCredentials(new Credentials.OAuth(accessToken, rotatedRefreshToken, expiresAt));
        if (rotatedRefreshToken == null) {
            // Kept as stored: not decrypted and re-encrypted for nothing.
            refreshToken = keptRefreshToken;
        }
        touch(now);
    }

    /**
     * Marks a token rotation as started; committed before the token endpoint is called, so that a crash or a lost
     * write during the call is seen afterwards instead of silently leaving a dead refresh token behind.
     *
     * @param deadline after it, a marker still in place counts as an interrupted rotation
     */
    public void startTokenRotation(Instant startedAt, Instant deadline) {
        if (!usesOAuth()) {
            throw new IllegalStateException(this + " authenticates with an API key, not OAuth tokens");
        }
        if (tokenRotation.inFlight(startedAt) || tokenRotation.interrupted()) {
            throw new IllegalStateException(this + " already has a token rotation in progress or interrupted");
        }
        if (!deadline.isAfter(startedAt)) {
            throw new IllegalArgumentException("a token rotation's deadline must come after its start");
        }
        tokenRotation.start(startedAt, deadline);
        touch(startedAt);
    }

    /** The rotation started at {@code startedAt} issued new tokens: store them and clear the marker. */
    public void finishTokenRotation(Instant startedAt, String accessToken, String rotatedRefreshToken,
            Instant expiresAt, Instant now) {
        requireRotation(startedAt);
        renewAccessToken(accessToken, rotatedRefreshToken, expiresAt, now);
        tokenRotation.finish();
    }

    /** The rotation started at {@code startedAt} ended without new tokens (refused or failed): clear the marker. */
    public void abandonTokenRotation(Instant startedAt, Instant now) {
        requireRotation(startedAt);
        tokenRotation.finish();
        touch(now);
    }

    /**
     * A rotation never finished: the refresh token we hold was probably used up by the provider. Its own state,
     * and blocked like any account that needs re-authentication, until the credentials are replaced.
     */
    public void interruptTokenRotation(String reason, Instant now) {
        tokenRotation.interrupt();
        requireReauthentication(ROTATION_INTERRUPTED + " (" + reason + ")", now);
    }

    /** Whether the marker set at {@code startedAt} is still in place (not cleared by new credentials). */
    public boolean ownsTokenRotation(Instant startedAt) {
        return tokenRotation.owns(startedAt);
    }

    /** A rotation's marker outlived its deadline and nobody has marked it interrupted yet. */
    public boolean tokenRotationOverdue(Instant now) {
        return !tokenRotation.interrupted() && tokenRotation.overdue(now);
    }

    /** A rotation is in flight and may still finish. */
    public boolean tokenRotationInFlight(Instant now) {
        return tokenRotation.inFlight(now);
    }

    /** A rotation was marked interrupted, or its marker outlived its deadline (not yet noticed by a lookup). */
    public boolean tokenRotationInterrupted(Instant now) {
        return tokenRotation.interrupted() || tokenRotation.overdue(now);
    }

    /** The refresh token was refused: nothing works until a person replaces the credentials. */
    public void requireReauthentication(String reason, Instant now) {
        requiresReauth = true;
        recordLastRefresh(now, "AUTH", reason);
        touch(now);
    }

    // ---- what refreshes report -----------------------------------------------------------------------

    // ---- claims: one request per window may spend a message (docs/internals.md, "Claims") --------------

    /** What the credentials endpoint may answer for a dispatched window. */
    public enum ClaimOutcome {
        /** Claimed: the worker may send. */
        GRANTED,
        /** Claimed after an earlier claim expired without a result: send only if a usage check shows no window. */
        GRANTED_VERIFY_FIRST,
        /** Another request holds a live claim on this window: a duplicate, send nothing. */
        IN_FLIGHT,
        /** An API-key account's earlier claim expired without a result: taken as sent, window estimated. */
        TAKEN_AS_SENT,
        /** The hour's claims are spent; {@link #nextRefreshAt} was moved to when one frees up. */
        OVER_BUDGET
    }

    /**
     * @param refreshId for TAKEN_AS_SENT the expired claim's refresh, else the claimant's (null when none was taken)
     * @param at        when that claim was granted, or for OVER_BUDGET when the next one may be
     */
    public record Claim(ClaimOutcome outcome, UUID refreshId, Instant at) {
    }

    /**
     * Records a claim on {@code window} for {@code refreshId} when a message may be spent on it. Call with the
     * account's row locked, in the transaction that answers the worker, so two requests cannot both be granted.
     */
    public Claim claim(UUID refreshId, Instant window, RefreshPolicy policy, Instant now) {
        WindowClaim current = claim();
        if (current.liveAt(now)) {
            // A refresh is in flight, for this window or an older one: its message opens the window open now. A
            // dispatch for a newer window (the known window moved while it was out, by a late report of an earlier
            // refresh) must not send a second message beside it; its result moves the window on.
            return new Claim(ClaimOutcome.IN_FLIGHT, current.refreshId(), current.claimedAt());
        }
        if (current.held() && current.refreshId().equals(refreshId)) {
            // The refresh that took the claim asks again after it expired: a redelivery whose first delivery may
            // still be out (a long call, a result still being published). It must not claim again under the same id,
            // where the first delivery's late report would count as this one's; the lease's re-dispatch, under a
            // new id, resolves the expired claim.
            return new Claim(ClaimOutcome.IN_FLIGHT, current.refreshId(), current.claimedAt());
        }
        if (current.heldFor(window)) {
            if (!usesOAuth()) {
                // No free way to look: the expired claim's message may have gone out, so it is taken as sent.
                var expired = new Claim(ClaimOutcome.TAKEN_AS_SENT, current.refreshId(), current.claimedAt());
                assumeSent(current.claimedAt(), policy, now);
                current.release();
                return expired;
            }
            return grant(refreshId, window, true, policy, now);
        }
        return grant(refreshId, window, false, policy, now);
    }

    /**
     * The credentials endpoint could not hand out credentials under the claim {@code refreshId} took (the token
     * refresh failed): nothing can have been sent under it.
     */
    public void abandonClaim(UUID refreshId, Instant now) {
        if (claim().held() && claim().refreshId().equals(refreshId)) {
            claim().abandon(now);
            touch(now);
        }
    }

    private Claim grant(UUID refreshId, Instant window, boolean verifyFirst, RefreshPolicy policy, Instant now) {
        List<Instant> granted = claim().grantedSince(now.minus(HOUR));
        if (granted.size() >= policy.maxMessagesPerHour()) {
            Instant free = granted.getFirst().plus(HOUR);
            Instant due = free.plus(policy.grace());
            nextRefreshAt = nextRefreshAt == null ? due : later(due, nextRefreshAt);
            touch(now);
            return new Claim(ClaimOutcome.OVER_BUDGET, null, free);
        }
        claim().take(refreshId, window, verifyFirst, now, policy.claimLifetime());
        touch(now);
        return new Claim(verifyFirst ? ClaimOutcome.GRANTED_VERIFY_FIRST : ClaimOutcome.GRANTED, refreshId, now);
    }

    private void assumeSent(Instant claimedAt, RefreshPolicy policy, Instant now) {
        Instant estimated = claimedAt.plus(policy.estimatedWindow());
        if (rateLimitReset == null || estimated.isAfter(rateLimitReset)) {
            rateLimitReset = estimated;
            windowEstimated = true;
        }
        recordLastRefresh(claimedAt, "ASSUMED_SENT",
                "an earlier attempt's claim expired without a result; taken as sent, window estimated");
        nextRefreshAt = rateLimitReset.plus(policy.grace());
        touch(now);
    }

    // ---- what refreshes report -----------------------------------------------------------------------

    /**
     * A refresh succeeded: a message went out (2xx), or the usage check saw a window already open. A result of a
     * claim that was replaced or voided is history: it only moves a real window forward, nothing else.
     */
    public WindowChange applyWindow(WindowUpdated result, RefreshPolicy policy, Instant now) {
        requireOwn(result.accountId());
        if (!claim().current(result.refreshId())) {
            return applyStaleWindow(result, policy, now);
        }
        claim().release();
        rateLimitedStreak = 0;
        if (result.source() == WindowSource.NO_WINDOW) {
            recordLastRefresh(result.sentAt(), "NO_WINDOW", null);
            noWindowReason = "the answer to the dummy message carried no usage window "
                    + "(no anthropic-ratelimit-unified-reset header): an API-key account, or an endpoint that does "
                    + "not report one";
            consecutiveFailures = 0;
            unmovedRetries = 0;
            nextRefreshAt = null;
            touch(now);
            return WindowChange.NO_WINDOW;
        }
        Instant reported = result.newResetAt() != null
                ? result.newResetAt()
                : result.sentAt().plus(policy.estimatedWindow());
        Instant expired = result.previousResetAt();
        recordLastRefresh(result.sentAt(), null, null);

        if (expired != null && !reported.isAfter(expired)) {
            // The window had not rolled yet when the message arrived: look again shortly, a bounded number of times.
            unmovedRetries++;
            if (unmovedRetries > policy.maxUnmovedRetries()) {
                unmovedRetries = 0;
                countFailure("window did not move after " + policy.maxUnmovedRetries() + " retries", policy, now);
                lastRefreshOutcome = "UNCHANGED";
                touch(now);
                return WindowChange.GAVE_UP;
            }
            lastRefreshOutcome = "UNCHANGED";
            nextRefreshAt = now.plus(policy.unmovedRetryDelay());
            touch(now);
            return WindowChange.NOT_MOVED;
        }

        boolean reportedUpstream = result.newResetAt() != null;
        // A reported window corrects an estimate only while it is still open: one that has reset already says
        // nothing about the window open now (a late replay must not make the account due at once).
        boolean moved = rateLimitReset == null || reported.isAfter(rateLimitReset)
                || (windowEstimated && reportedUpstream && reported.isAfter(now));
        if (moved) {
            rateLimitReset = reported;
            windowEstimated = !reportedUpstream;
            rateLimitStatus = result.rateLimitStatus() != null ? result.rateLimitStatus() : "allowed";
            rateLimitRemaining = result.rateLimitRemaining();
        }
        lastRefreshOutcome = "SUCCESS";
        consecutiveFailures = 0;
        unmovedRetries = 0;
        if (PAUSED_BY_FAILURES.equals(pauseReason)) {
            paused = false;
            pauseReason = null;
        }
        nextRefreshAt = rateLimitReset.plus(policy.grace());
        touch(now);
        return moved ? WindowChange.MOVED : WindowChange.ALREADY_NEWER;
    }

    private WindowChange applyStaleWindow(WindowUpdated result, RefreshPolicy policy, Instant now) {
        boolean realWindow = result.newResetAt() != null
                && (result.source() == WindowSource.MESSAGE || result.source() == WindowSource.USAGE_CHECK);
        boolean replacesEstimate = realWindow && windowEstimated && result.newResetAt().isAfter(now);
        if (!realWindow || (!replacesEstimate && rateLimitReset != null
                && !result.newResetAt().isAfter(rateLimitReset))) {
            return WindowChange.STALE;
        }
        // A window upstream reported is a fact whoever asked: no refresh is due before it resets. It also corrects
        // an estimate, which waited on a guess: the next refresh follows the reported reset, earlier or later.
        rateLimitReset = result.newResetAt();
        windowEstimated = false;
        rateLimitStatus = result.rateLimitStatus() != null ? result.rateLimitStatus() : "allowed";
        rateLimitRemaining = result.rateLimitRemaining();
        if (nextRefreshAt != null && (replacesEstimate || nextRefreshAt.isBefore(rateLimitReset))) {
            nextRefreshAt = rateLimitReset.plus(policy.grace());
        }
        touch(now);
        return WindowChange.MOVED;
    }

    /**
     * Anything but a success. A failure for a window that is no longer current, or of a claim that was replaced or
     * voided (credentials or endpoint changed since), is history: it changes nothing.
     */
    public FailureEffect recordFailure(RefreshFailed failure, RefreshPolicy policy, Instant now) {
        requireOwn(failure.accountId());
        if (!claim().current(failure.refreshId()) || !WindowClaim.sameWindow(failure.windowResetAt(), rateLimitReset)) {
            return FailureEffect.STALE;
        }
        if (failure.kind() == FailureKind.UNAVAILABLE && claim().held() && claim().verifyFirst()) {
            // An earlier claim on this window expired without a result, and this attempt could not verify (the
            // usage check failed, or no token could be had): its message may have gone out. Verifying again every
            // minute would loop for as long as the check fails (a token without the usage scope fails it for
            // good), so, as for an API-key account, it is taken as sent and the window estimated.
            Instant claimedAt = claim().claimedAt();
            claim().release();
            assumeSent(claimedAt, policy, now);
            return FailureEffect.TAKEN_AS_SENT;
        }
        boolean noCall = failure.kind() == FailureKind.UNAVAILABLE || failure.kind() == FailureKind.NOT_ELIGIBLE;
        if (noCall) {
            claim().abandon(now);
        } else {
            claim().release();
        }
        recordLastRefresh(failure.sentAt(), failure.kind().name(), failure.reason());
        FailureEffect effect = switch (failure.kind()) {
            case AUTH -> {
                requiresReauth = true;
                yield FailureEffect.BLOCKED_FOR_REAUTH;
            }
            case RATE_LIMITED -> waitForRateLimit(failure.retryAfter(), policy, now);
            case UPSTREAM, NETWORK, INVALID_RESPONSE -> countFailure(failure.reason(), policy, now);
            case UNAVAILABLE -> {
                // Our own side failed and nothing was sent: wait, but never hold it against the account.
                nextRefreshAt = later(now.plus(policy.unavailableRetryDelay()),
                        nextRefreshAt == null ? now : nextRefreshAt);
                yield FailureEffect.RETRYING_LATER;
            }
            case NOT_ELIGIBLE -> {
                if (ineligibility() == null) {
                    // Refused for a reason this account does not show (its endpoint is not on an allow-list, the
                    // hour's budget was spent): without a wait the scheduler would ask again at every lease, for
                    // ever. A new endpoint or new credentials try again at once.
                    nextRefreshAt = later(now.plus(policy.probeInterval()), nextRefreshAt == null ? now : nextRefreshAt);
                    yield FailureEffect.RETRYING_LATER;
                }
                yield FailureEffect.NONE;
            }
        };
        touch(now);
        return effect;
    }

    /**
     * Never before a floor of at least a minute; an answer with no usable time (none, zero, already past) makes the
     * floor grow, with jitter, until one with a time comes; a time absurdly far ahead is clamped and flagged.
     */
    private FailureEffect waitForRateLimit(Instant hinted, RefreshPolicy policy, Instant now) {
        boolean usable = hinted != null && hinted.isAfter(now);
        rateLimitedStreak = usable ? 0 : rateLimitedStreak + 1;
        Duration floor = usable ? policy.rateLimitedFallback()
                : policy.rateLimitedFloor(rateLimitedStreak, jitter(rateLimitedStreak));
        Instant until = later(usable ? hinted : now, now.plus(floor));
        Instant longest = now.plus(policy.rateLimitedLongest());
        FailureEffect effect = FailureEffect.WAITING_FOR_WINDOW;
        if (until.isAfter(longest)) {
            until = longest;
            lastRefreshError = truncate(lastRefreshError + " (its reset " + hinted + " is further ahead than "
                    + policy.rateLimitedLongest() + "; clamped)", 500);
            effect = FailureEffect.WAITING_CLAMPED;
        }
        if (rateLimitReset == null || until.isAfter(rateLimitReset)) {
            rateLimitReset = until;
            windowEstimated = false;
        }
        rateLimitStatus = "rate_limited";
        nextRefreshAt = until.plus(policy.grace());
        return effect;
    }

    /** In [0, 1), fixed per account and streak: reproducible, yet accounts limited together spread out. */
    private double jitter(int streak) {
        long mixed = (id.getLeastSignificantBits() ^ id.getMostSignificantBits()) + streak * 0x9E3779B97F4A7C15L;
        mixed = (mixed ^ (mixed >>> 31)) * 0xBF58476D1CE4E5B9L;
        return ((mixed ^ (mixed >>> 29)) >>> 11) / (double) (1L << 53);
    }

    private FailureEffect countFailure(String reason, RefreshPolicy policy, Instant now) {
        consecutiveFailures++;
        if (consecutiveFailures >= policy.failureThreshold()) {
            boolean newlyPaused = !paused;
            if (!paused) {
                paused = true;
                pauseReason = PAUSED_BY_FAILURES;
            }
            nextRefreshAt = now.plus(policy.effectiveProbeInterval());
            return newlyPaused ? FailureEffect.PAUSED : FailureEffect.PROBING;
        }
        nextRefreshAt = now.plus(policy.backoffAfter(consecutiveFailures));
        return FailureEffect.BACKING_OFF;
    }

    /** What a success did to the window. STALE: a replaced or voided claim's result that changed nothing. */
    public enum WindowChange { MOVED, ALREADY_NEWER, NOT_MOVED, GAVE_UP, NO_WINDOW, STALE }

    /** What a failure did to the account. STALE: a failure for a window or claim no longer current; nothing. */
    public enum FailureEffect {
        NONE, STALE, BLOCKED_FOR_REAUTH, WAITING_FOR_WINDOW, WAITING_CLAMPED, BACKING_OFF, PAUSED, PROBING,
        RETRYING_LATER, TAKEN_AS_SENT
    }

    // ---- reading -------------------------------------------------------------------------------------

    public boolean isAnthropic() {
        return AccountRules.ANTHROPIC.equals(provider);
    }

    /** Why a worker must not refresh this account now, or null when it may. */
    public String ineligibility() {
        if (!isAnthropic()) {
            return "auto-refresh is only available for Anthropic accounts";
        }
        if (!autoRefreshEnabled) {
            return "auto-refresh is disabled";
        }
        if (tokenRotation.interrupted()) {
            return "the account requires re-authentication: " + ROTATION_INTERRUPTED;
        }
        if (requiresReauth) {
            return "the account requires re-authentication";
        }
        if (paused && !PAUSED_BY_FAILURES.equals(pauseReason)) {
            return "the account is paused";
        }
        if (noWindowReason != null) {
            return "the account has no usage window to keep";
        }
        return null;
    }

    /** Decrypts the stored secrets: only for issuing them to a worker or refreshing them, never for showing. */
    public Credentials credentials() {
        return apiKey != null
                ? new Credentials.ApiKey(apiKey.reveal())
                : new Credentials.OAuth(accessToken.reveal(), refreshToken == null ? null : refreshToken.reveal(),
                        tokenExpiresAt);
    }

    public boolean usesOAuth() {
        return apiKey == null;
    }

    /** Whether this is an OAuth account whose access token is expired, or will be at {@code instant}. */
    public boolean accessTokenExpiresBefore(Instant instant) {
        return usesOAuth() && !tokenExpiresAt.isAfter(instant);
    }

    public UUID id() {
        return id;
    }

    public String name() {
        return name;
    }

    public String provider() {
        return provider;
    }

    public Instant tokenExpiresAt() {
        return tokenExpiresAt;
    }

    public int priority() {
        return priority;
    }

    public boolean paused() {
        return paused;
    }

    public String pauseReason() {
        return pauseReason;
    }

    public boolean autoRefreshEnabled() {
        return autoRefreshEnabled;
    }

    public boolean autoFallbackEnabled() {
        return autoFallbackEnabled;
    }

    public String customEndpoint() {
        return customEndpoint;
    }

    /**
     * Whether a window newer than {@code window} is known: a dispatch for {@code window} (null: none known then) is
     * stale. The same window read back from the database (rounded to microseconds) is not newer.
     */
    public boolean knowsWindowNewerThan(Instant window) {
        return rateLimitReset != null
                && (window == null || (rateLimitReset.isAfter(window) && !WindowClaim.sameWindow(rateLimitReset, window)));
    }

    public Instant rateLimitReset() {
        return rateLimitReset;
    }

    public String rateLimitStatus() {
        return rateLimitStatus;
    }

    public Integer rateLimitRemaining() {
        return rateLimitRemaining;
    }

    public Instant nextRefreshAt() {
        return nextRefreshAt;
    }

    public int consecutiveFailures() {
        return consecutiveFailures;
    }

    public Instant lastRefreshAt() {
        return lastRefreshAt;
    }

    public String lastRefreshOutcome() {
        return lastRefreshOutcome;
    }

    public String lastRefreshError() {
        return lastRefreshError;
    }

    public boolean requiresReauth() {
        return requiresReauth;
    }

    /** Why the account gets no more messages (its answers carried no usage window), or null. */
    public String noWindowReason() {
        return noWindowReason;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }

    @Override
    public String toString() {
        return "Account[" + id + ", " + name + "]";
    }

    // ---- guards --------------------------------------------------------------------------------------

    private WindowClaim claim() {
        // Hibernate leaves an embeddable null when every one of its columns is; ours has non-null flags, but be sure.
        if (claim == null) {
            claim = new WindowClaim();
        }
        return claim;
    }

    private Instant dueFromWindow(RefreshPolicy policy, Instant now) {
        return rateLimitReset == null ? now : rateLimitReset.plus(policy.grace());
    }

    private void storeCredentials(Credentials credentials) {
        Objects.requireNonNull(credentials, "credentials");
        switch (credentials) {
            case Credentials.ApiKey key -> {
                apiKey = Secret.of(key.key());
                accessToken = null;
                refreshToken = null;
                tokenExpiresAt = null;
            }
            case Credentials.OAuth oauth -> {
                apiKey = null;
                accessToken = Secret.of(oauth.accessToken());
                refreshToken = Secret.of(oauth.refreshToken());
                tokenExpiresAt = oauth.expiresAt();
            }
        }
    }

    private void recordLastRefresh(Instant at, String kind, String error) {
        lastRefreshAt = at;
        lastRefreshOutcome = kind;
        lastRefreshError = error == null ? null : truncate(error, 500);
    }

    private void requireRotation(Instant startedAt) {
        if (!tokenRotation.owns(startedAt)) {
            throw new IllegalStateException(this + " has no token rotation started at " + startedAt);
        }
    }

    private void requireOwn(UUID accountId) {
        if (!id.equals(accountId)) {
            throw new IllegalArgumentException("result for account " + accountId + " applied to " + id);
        }
    }

    private void requireAnthropic(String feature) {
        if (!isAnthropic()) {
            throw new NotAnthropicException(feature + " is only available for Anthropic accounts");
        }
    }

    private void touch(Instant now) {
        updatedAt = now;
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max);
    }

    private static String requireName(String name) {
        if (!AccountRules.validName(name)) {
            throw new IllegalArgumentException("name must be " + AccountRules.NAME_RULE);
        }
        return name;
    }

    private static String requireProvider(String provider) {
        if (provider == null || !AccountRules.PROVIDER.matcher(provider).matches()) {
            throw new IllegalArgumentException("provider must be lower-case letters, digits or '-'");
        }
        return provider;
    }

    private static int requirePriority(int priority) {
        if (!AccountRules.validPriority(priority)) {
            throw new IllegalArgumentException("priority must be between 0 and 100");
        }
        return priority;
    }

    private static String requireEndpoint(String endpoint) {
        if (endpoint == null || endpoint.isEmpty()) {
            return null;
        }
        if (!AccountRules.validEndpoint(endpoint)) {
            throw new IllegalArgumentException("customEndpoint must be an absolute http(s) URL");
        }
        return endpoint;
    }
}
