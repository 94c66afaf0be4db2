package dev.autorefresh.worker.upstream;

import dev.autorefresh.worker.credentials.AuthType;
import dev.autorefresh.worker.credentials.Credentials;
import dev.autorefresh.worker.http.NetworkCause;
import dev.autorefresh.worker.http.StatusLine;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Asks the OAuth usage endpoint, which costs no tokens, whether an account's five-hour window is already open, so
 * that no message is paid for a window that someone (the user, or our own call whose result was lost) already
 * started. Any doubt (an error, an odd answer) is a {@link UsageAnswer.Failed}: the caller then sends as if there
 * were no check, so the check can only ever save a message, never lose a window.
 */
@Component
public class UsageChecker {

    private static final Logger log = LoggerFactory.getLogger(UsageChecker.class);

    static final String CHECKS = "autorefresh.worker.usage.checks";
    /** Far more than the real answer (a few hundred bytes); a bigger one is not read. */
    static final int MAX_BODY_BYTES = 64 * 1024;
    /** A five-hour window cannot reset later than five hours from now; an hour of slack for clock skew. */
    static final Duration LONGEST_WINDOW = Duration.ofHours(6);

    private final UsageCheckSettings settings;
    private final UpstreamSettings upstream;
    private final AllowedEndpoints allowed;
    private final JsonMapper json;
    private final MeterRegistry meters;
    private final RestClient rest;

    UsageChecker(UsageCheckSettings settings, UpstreamSettings upstream, AllowedEndpoints allowed, JsonMapper json,
            MeterRegistry meters) {
        this.settings = settings;
        this.upstream = upstream;
        this.allowed = allowed;
        this.json = json;
        this.meters = meters;
        HttpClient http = HttpClient.newBuilder()
                .connectTimeout(settings.connectTimeout())
                // Never follow a redirect: it would carry the account's token to a host nobody configured.
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(Executors.newVirtualThreadPerTaskExecutor())
                .build();
        JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(http);
        requests.setReadTimeout(settings.readTimeout());
        this.rest = RestClient.builder().requestFactory(requests).build();
    }

    /**
     * @param expiredReset the window the refresh is for (the one that just expired), or null when none was seen; a
     *                     window counts as open only if it resets after this one
     */
    public UsageAnswer check(Credentials credentials, Instant expiredReset) {
        if (!settings.enabled() || credentials.authType() != AuthType.OAUTH) {
            return new UsageAnswer.Skipped();
        }
        UsageAnswer answer = ask(credentials, expiredReset);
        count(answer);
        if (answer instanceof UsageAnswer.Failed failed) {
            log.info("Usage check failed for account {} ({}); sending the auto-refresh message without it",
                    credentials.accountName(), failed.description());
        }
        return answer;
    }

    private UsageAnswer ask(Credentials credentials, Instant expiredReset) {
        URI uri;
        try {
            uri = Endpoints.usage(credentials.customEndpoint(), upstream.endpoint());
        } catch (IllegalArgumentException unusable) {
            return new UsageAnswer.Failed("bad_endpoint", unusable.getMessage());
        }
        if (!allowed.permits(uri, upstream.endpoint())) {
            // The token goes nowhere the allow-list does not name; the message that follows is refused the same way.
            return new UsageAnswer.Failed("not_allowed", "usage endpoint " + AllowedEndpoints.origin(uri)
                    + " is not allowed by " + AllowedEndpoints.SETTING);
        }
        long started = System.nanoTime();
        Reply reply;
        try {
            reply = rest.get().uri(uri)
                    .header("authorization", "Bearer " + credentials.secret())
                    .header("anthropic-beta", AnthropicClient.OAUTH_BETA)
                    .header("anthropic-version", AnthropicClient.ANTHROPIC_VERSION)
                    .header("accept", "application/json")
                    .exchange((request, response) -> new Reply(response.getStatusCode().value(),
                            readLimited(response.getBody())), true);
        } catch (ResourceAccessException noResponse) {
            // A body still arriving at the read timeout is cut off with a plain IOException: tell it by the time.
            boolean timeout = noResponse.getCause() instanceof HttpTimeoutException
                    || System.nanoTime() - started >= settings.readTimeout().toNanos();
            if (timeout) {
                return new UsageAnswer.Failed("timeout", "timed out");
            }
            String cause = noResponse.getCause() instanceof IOException io ? NetworkCause.describe(io) : "no response";
            return new UsageAnswer.Failed("network", cause);
        } catch (RestClientException | IllegalArgumentException unusable) {
            // Never the exception's message: it may carry the URL.
            return new UsageAnswer.Failed("network", "usage call failed (" + unusable.getClass().getSimpleName() + ")");
        }
        long latencyMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        if (reply.status() != 200) {
            return new UsageAnswer.Failed(reasonFor(reply.status()), "usage endpoint answered "
                    + StatusLine.of(reply.status()));
        }
        return read(reply.body(), expiredReset, latencyMs, Instant.now());
    }

    UsageAnswer read(byte[] body, Instant expiredReset, long latencyMs, Instant now) {
        JsonNode fiveHour;
        try {
            JsonNode root = body == null ? null : json.readTree(body);
            fiveHour = root == null || !root.isObject() ? null : root.get("five_hour");
        } catch (JacksonException notJson) {
            return unknownShape("not JSON");
        }
        if (fiveHour == null || !fiveHour.isObject() || !fiveHour.has("resets_at")) {
            return unknownShape("no five_hour.resets_at");
        }
        JsonNode resets = fiveHour.get("resets_at");
        if (resets.isNull()) {
            return new UsageAnswer.NotOpen(200, latencyMs);
        }
        if (!resets.isString()) {
            return unknownShape("five_hour.resets_at is not a string");
        }
        Instant resetsAt;
        try {
            resetsAt = OffsetDateTime.parse(resets.stringValue()).toInstant();
        } catch (DateTimeParseException unreadable) {
            return unknownShape("five_hour.resets_at is not an ISO-8601 time");
        }
        if (resetsAt.isAfter(now.plus(LONGEST_WINDOW))) {
            return new UsageAnswer.Failed("implausible_reset", "five_hour.resets_at is more than "
                    + LONGEST_WINDOW.toHours() + " hours ahead");
        }
        if (!resetsAt.isAfter(now) || (expiredReset != null && !resetsAt.isAfter(expiredReset))) {
            return new UsageAnswer.NotOpen(200, latencyMs);
        }
        JsonNode utilization = fiveHour.get("utilization");
        Double percent = utilization != null && utilization.isNumber() ? utilization.doubleValue() : null;
        return new UsageAnswer.Open(resetsAt, percent, 200, now, latencyMs);
    }

    private static UsageAnswer.Failed unknownShape(String what) {
        return new UsageAnswer.Failed("unknown_shape", "usage answer has an unknown shape (" + what + ")");
    }

    private static String reasonFor(int status) {
        return switch (status) {
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not_found";
            case 429 -> "rate_limited";
            default -> status >= 500 ? "server_error" : "status";
        };
    }

    private void count(UsageAnswer answer) {
        String result = switch (answer) {
            case UsageAnswer.Open open -> "open";
            case UsageAnswer.NotOpen notOpen -> "not_open";
            case UsageAnswer.Failed failed -> "failed";
            case UsageAnswer.Skipped skipped -> "skipped";
        };
        String reason = answer instanceof UsageAnswer.Failed failed ? failed.reason() : "none";
        Counter.builder(CHECKS)
                .description("Usage checks before a dummy message, by result (open: no message needed) and reason")
                .tag("result", result)
                .tag("reason", reason)
                .register(meters)
                .increment();
    }

    private static byte[] readLimited(InputStream body) throws IOException {
        byte[] read = body.readNBytes(MAX_BODY_BYTES + 1);
        // Too big to be the real answer: read as an unknown shape rather than buffered.
        return read.length > MAX_BODY_BYTES ? null : read;
    }

    private record Reply(int status, byte[] body) {
    }
}
