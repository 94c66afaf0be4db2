package dev.autorefresh.worker.credentials;

import dev.autorefresh.events.RefreshDue;
import dev.autorefresh.worker.http.NetworkCause;
import dev.autorefresh.worker.http.StatusLine;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Asks the api-service for an account's credentials, exactly as docs/internals.md specifies. The request carries
 * the refresh's trace context ({@code traceparent}): the api-service is our own. The upstream clients never do.
 */
@Component
public class CredentialsClient {

    private static final Logger log = LoggerFactory.getLogger(CredentialsClient.class);

    private final ApiServiceSettings settings;
    private final JsonMapper json;
    private final HttpClient http;
    private final Tracer tracer;
    private final Propagator propagator;

    CredentialsClient(ApiServiceSettings settings, JsonMapper json, ObjectProvider<Tracer> tracer,
            ObjectProvider<Propagator> propagator) {
        this.settings = settings;
        this.json = json;
        this.tracer = tracer.getIfAvailable(() -> Tracer.NOOP);
        this.propagator = propagator.getIfAvailable(() -> Propagator.NOOP);
        this.http = HttpClient.newBuilder()
                .connectTimeout(settings.timeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(Executors.newVirtualThreadPerTaskExecutor())
                .build();
    }

    public CredentialsAnswer fetch(RefreshDue due) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uriFor(due))
                .timeout(settings.timeout())
                .header("authorization", "Bearer " + settings.serviceToken())
                .header("accept", "application/json")
                .GET();
        var span = tracer.currentSpan();
        if (span != null) {
            propagator.inject(span.context(), builder, HttpRequest.Builder::header);
        }
        HttpRequest request = builder.build();
        for (int retry = 0; ; retry++) {
            HttpResponse<byte[]> response;
            try {
                response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException e) {
                return new CredentialsAnswer.Unavailable(NetworkCause.describe(e));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new CredentialsAnswer.Unavailable("interrupted");
            }
            Optional<Duration> busy = busyFor(response);
            if (busy.isPresent() && retry < settings.busyRetries()) {
                log.info("api-service busy (every credential lookup turn taken); asking again for account {} in {} ms",
                        due.accountId(), busy.get().toMillis());
                if (!pause(busy.get())) {
                    return new CredentialsAnswer.Unavailable("interrupted");
                }
                continue;
            }
            return switch (response.statusCode()) {
                case 200 -> read(due, response.body());
                case 404 -> new CredentialsAnswer.NotEligible("account not found");
                default -> new CredentialsAnswer.Unavailable(StatusLine.of(response.statusCode()));
            };
        }
    }

    /** A 503 with a Retry-After in seconds: every lookup turn of the api-service was taken; ask again after it. */
    private static Optional<Duration> busyFor(HttpResponse<?> response) {
        if (response.statusCode() != 503) {
            return Optional.empty();
        }
        return response.headers().firstValue("retry-after").flatMap(value -> {
            try {
                long seconds = Long.parseLong(value.strip());
                return seconds < 0 ? Optional.empty()
                        : Optional.of(min(Duration.ofSeconds(seconds), ApiServiceSettings.LONGEST_BUSY_WAIT));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        });
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** Waits on this consumer's virtual thread, which costs nothing but the delivery it holds. */
    private static boolean pause(Duration wait) {
        try {
            Thread.sleep(wait);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private URI uriFor(RefreshDue due) {
        StringBuilder uri = new StringBuilder(settings.baseUrl())
                .append("/internal/accounts/").append(due.accountId())
                .append("/credentials?refreshId=").append(due.refreshId());
        if (due.windowResetAt() != null) {
            uri.append("&windowResetAt=").append(URLEncoder.encode(due.windowResetAt().toString(), StandardCharsets.UTF_8));
        }
        return URI.create(uri.toString());
    }

    private CredentialsAnswer read(RefreshDue due, byte[] body) {
        CredentialsResponse answer;
        try {
            answer = json.readValue(body, CredentialsResponse.class);
        } catch (JacksonException e) {
            return new CredentialsAnswer.Unavailable("unreadable answer from api-service");
        }
        if (answer == null || answer.status() == null) {
            return new CredentialsAnswer.Unavailable("answer from api-service without status");
        }
        if (answer.accountId() != null && !answer.accountId().equals(due.accountId())) {
            return new CredentialsAnswer.Unavailable("api-service answered for another account");
        }
        return switch (answer.status()) {
            case "ELIGIBLE" -> eligible(answer);
            case "NOT_ELIGIBLE" -> new CredentialsAnswer.NotEligible(orDefault(answer.reason(), "not eligible"));
            case "RETRY_LATER" -> new CredentialsAnswer.RetryLater(orDefault(answer.reason(), "credentials not ready"));
            case "ALREADY_REFRESHED" ->
                    new CredentialsAnswer.AlreadyRefreshed(orDefault(answer.reason(), "already refreshed"));
            case "IN_FLIGHT" -> new CredentialsAnswer.InFlight(orDefault(answer.reason(), "another refresh is in flight"));
            default -> new CredentialsAnswer.Unavailable("unknown status from api-service");
        };
    }

    private static CredentialsAnswer eligible(CredentialsResponse answer) {
        AuthType authType;
        try {
            authType = AuthType.valueOf(String.valueOf(answer.authType()));
        } catch (IllegalArgumentException e) {
            return new CredentialsAnswer.Unavailable("unknown authType from api-service");
        }
        if (answer.secret() == null || answer.secret().isBlank()) {
            return new CredentialsAnswer.Unavailable("api-service sent no secret");
        }
        String customEndpoint = answer.customEndpoint() == null || answer.customEndpoint().isBlank()
                ? null : answer.customEndpoint();
        return new CredentialsAnswer.Eligible(
                new Credentials(answer.accountName(), authType, answer.secret(), customEndpoint),
                Boolean.TRUE.equals(answer.verifyFirst()));
    }

    private static String orDefault(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }
}
