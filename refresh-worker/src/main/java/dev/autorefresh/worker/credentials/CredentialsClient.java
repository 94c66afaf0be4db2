package dev.autorefresh.worker.credentials;

import dev.autorefresh.events.RefreshDue;
import dev.autorefresh.worker.http.NetworkCause;
import dev.autorefresh.worker.http.StatusLine;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.HttpRedirects;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Asks the api-service for an account's credentials, exactly as docs/internals.md specifies. Built on Boot's
 * {@link RestClient.Builder}, so the lookup is observed like any client call of ours: it carries the refresh's
 * trace context ({@code traceparent}, the api-service is our own) and counts in {@code http.client.requests}. The
 * upstream clients never carry a trace: they build their clients without observations.
 */
@Component
public class CredentialsClient {

    private static final Logger log = LoggerFactory.getLogger(CredentialsClient.class);
    private static final String LOOKUP = "/internal/accounts/{accountId}/credentials";
    private static final String BATCH = "/internal/credentials";

    private final ApiServiceSettings settings;
    private final JsonMapper json;
    private final RestClient rest;

    CredentialsClient(ApiServiceSettings settings, JsonMapper json, RestClient.Builder builder) {
        this.settings = settings;
        this.json = json;
        // The JDK client, named rather than detected: it never retries a request on its own, so the answers and
        // failures below are the only ones. Redirects are not followed: the request carries the service token.
        var requests = ClientHttpRequestFactoryBuilder.jdk()
                .withExecutor(Executors.newVirtualThreadPerTaskExecutor())
                .build(HttpClientSettings.defaults()
                        .withTimeouts(settings.timeout(), settings.timeout())
                        .withRedirects(HttpRedirects.DONT_FOLLOW));
        this.rest = builder
                .requestFactory(requests)
                .baseUrl(settings.baseUrl())
                .defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + settings.serviceToken())
                .defaultHeader(HttpHeaders.ACCEPT, "application/json")
                .build();
    }

    public CredentialsAnswer fetch(RefreshDue due) {
        for (int retry = 0; ; retry++) {
            Reply reply;
            try {
                reply = ask(due);
            } catch (ResourceAccessException noResponse) {
                if (Thread.currentThread().isInterrupted()) {
                    return new CredentialsAnswer.Unavailable("interrupted");
                }
                return new CredentialsAnswer.Unavailable(noResponse.getCause() instanceof IOException io
                        ? NetworkCause.describe(io) : "no response");
            }
            Optional<Duration> busy = reply.busyFor();
            if (busy.isPresent() && retry < settings.busyRetries()) {
                log.info("api-service busy (every credential lookup turn taken); asking again for account {} in {} ms",
                        due.accountId(), busy.get().toMillis());
                if (!pause(busy.get())) {
                    return new CredentialsAnswer.Unavailable("interrupted");
                }
                continue;
            }
            return switch (reply.status()) {
                case 200 -> read(due, reply.body());
                case 404 -> new CredentialsAnswer.NotEligible("account not found");
                default -> new CredentialsAnswer.Unavailable(StatusLine.of(reply.status()));
            };
        }
    }

    /**
     * The answers for several deliveries, in their order, from one request ({@code POST /internal/credentials}): the
     * api-service decides them in one transaction. Empty when the api-service has no such endpoint (an older one
     * during a rolling upgrade): then nothing was decided, and each delivery is to be asked for on its own.
     */
    public Optional<List<CredentialsAnswer>> fetchAll(List<RefreshDue> dues) {
        for (int retry = 0; ; retry++) {
            Reply reply;
            try {
                reply = askAll(dues);
            } catch (ResourceAccessException noResponse) {
                String reason = Thread.currentThread().isInterrupted() ? "interrupted"
                        : noResponse.getCause() instanceof IOException io ? NetworkCause.describe(io) : "no response";
                return Optional.of(unavailable(dues, reason));
            }
            Optional<Duration> busy = reply.busyFor();
            if (busy.isPresent() && retry < settings.busyRetries()) {
                log.info("api-service busy (every credential lookup turn taken); asking again for {} accounts in {} ms",
                        dues.size(), busy.get().toMillis());
                if (!pause(busy.get())) {
                    return Optional.of(unavailable(dues, "interrupted"));
                }
                continue;
            }
            return switch (reply.status()) {
                case 200 -> Optional.of(readAll(dues, reply.body()));
                case 404, 405 -> Optional.empty();
                default -> Optional.of(unavailable(dues, StatusLine.of(reply.status())));
            };
        }
    }

    private static List<CredentialsAnswer> unavailable(List<RefreshDue> dues, String reason) {
        return dues.stream().<CredentialsAnswer>map(due -> new CredentialsAnswer.Unavailable(reason)).toList();
    }

    private record Lookup(UUID accountId, UUID refreshId, Instant windowResetAt) {
    }

    private record Lookups(List<Lookup> lookups) {
    }

    private record Answers(List<CredentialsResponse> answers) {
    }

    private Reply askAll(List<RefreshDue> dues) {
        var body = new Lookups(dues.stream()
                .map(due -> new Lookup(due.accountId(), due.refreshId(), due.windowResetAt()))
                .toList());
        return rest.post()
                .uri(BATCH)
                .contentType(MediaType.APPLICATION_JSON)
                .body(json.writeValueAsBytes(body))
                .exchange((request, response) -> new Reply(response.getStatusCode().value(),
                        response.getHeaders().getFirst(HttpHeaders.RETRY_AFTER), response.getBody().readAllBytes()),
                        true);
    }

    private List<CredentialsAnswer> readAll(List<RefreshDue> dues, byte[] body) {
        Answers answers;
        try {
            answers = json.readValue(body, Answers.class);
        } catch (JacksonException e) {
            answers = null;
        }
        if (answers == null || answers.answers() == null || answers.answers().size() != dues.size()) {
            return unavailable(dues, "unreadable answer from api-service");
        }
        List<CredentialsAnswer> read = new ArrayList<>(dues.size());
        for (int i = 0; i < dues.size(); i++) {
            read.add(read(dues.get(i), answers.answers().get(i)));
        }
        return read;
    }

    /** Every status is an answer here, not an exception: the caller tells them apart. */
    private Reply ask(RefreshDue due) {
        var variables = new HashMap<String, Object>();
        variables.put("accountId", due.accountId());
        variables.put("refreshId", due.refreshId());
        String uri = LOOKUP + "?refreshId={refreshId}";
        if (due.windowResetAt() != null) {
            variables.put("windowResetAt", due.windowResetAt().toString());
            uri += "&windowResetAt={windowResetAt}";
        }
        return rest.get()
                .uri(uri, variables)
                .exchange((request, response) -> new Reply(response.getStatusCode().value(),
                        response.getHeaders().getFirst(HttpHeaders.RETRY_AFTER), response.getBody().readAllBytes()),
                        true);
    }

    private record Reply(int status, String retryAfter, byte[] body) {

        /** A 503 with a Retry-After in seconds: every lookup turn of the api-service was taken; ask again after it. */
        Optional<Duration> busyFor() {
            if (status != 503 || retryAfter == null) {
                return Optional.empty();
            }
            try {
                long seconds = Long.parseLong(retryAfter.strip());
                return seconds < 0 ? Optional.empty()
                        : Optional.of(min(Duration.ofSeconds(seconds), ApiServiceSettings.LONGEST_BUSY_WAIT));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
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

    private CredentialsAnswer read(RefreshDue due, byte[] body) {
        CredentialsResponse answer;
        try {
            answer = json.readValue(body, CredentialsResponse.class);
        } catch (JacksonException e) {
            return new CredentialsAnswer.Unavailable("unreadable answer from api-service");
        }
        return read(due, answer);
    }

    private static CredentialsAnswer read(RefreshDue due, CredentialsResponse answer) {
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
