package dev.autorefresh.worker.upstream;

import dev.autorefresh.events.FailureKind;
import dev.autorefresh.worker.credentials.AuthType;
import dev.autorefresh.worker.credentials.Credentials;
import dev.autorefresh.worker.http.NetworkCause;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends the dummy message ({@code max_tokens} 10) that starts an account's new window.
 *
 * <p>Stays on the JDK client: its deadline covers the bounded body read and it records {@link UpstreamMetrics}
 * itself, which a RestClient would only wrap, and Boot's observed builder would carry our trace context upstream.
 */
@Component
public class AnthropicClient {

    private static final Logger log = LoggerFactory.getLogger(AnthropicClient.class);

    static final String ANTHROPIC_VERSION = "2023-06-01";
    static final String OAUTH_BETA = "oauth-2025-04-20";
    static final int MAX_TOKENS = 10;
    /** Far more than a 10-token answer needs; only its {@code usage} is read. */
    static final int MAX_BODY_BYTES = 64 * 1024;

    private final UpstreamSettings settings;
    private final AllowedEndpoints allowed;
    private final JsonMapper json;
    private final UpstreamMetrics metrics;
    private final HttpClient http;

    AnthropicClient(UpstreamSettings settings, AllowedEndpoints allowed, JsonMapper json, UpstreamMetrics metrics) {
        this.settings = settings;
        this.allowed = allowed;
        this.json = json;
        this.metrics = metrics;
        this.http = HttpClient.newBuilder()
                .connectTimeout(settings.connectTimeout())
                // Never follow a redirect: it would carry the account's secret to a host nobody configured.
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(Executors.newVirtualThreadPerTaskExecutor())
                .build();
    }

    public UpstreamOutcome send(Credentials credentials) {
        URI endpoint;
        try {
            endpoint = Endpoints.resolve(credentials.customEndpoint(), settings.endpoint());
        } catch (IllegalArgumentException e) {
            return new UpstreamOutcome.Failed(FailureKind.UPSTREAM, null, e.getMessage(), null, Instant.now());
        }
        if (!allowed.permits(endpoint, settings.endpoint())) {
            // Checked here, before anything is sent: the api-service checks when the endpoint is set, but a row can
            // be changed behind its back, or the allow-list narrowed since.
            return new UpstreamOutcome.Failed(FailureKind.NOT_ELIGIBLE, null, "custom endpoint "
                    + AllowedEndpoints.origin(endpoint) + " is not allowed: nothing was sent (the operator can add it "
                    + "to " + AllowedEndpoints.SETTING + ", or change the account's endpoint)", null, Instant.now());
        }
        String prompt = DummyPrompts.any();
        List<String> models = settings.models();
        UpstreamOutcome outcome = null;
        for (int i = 0; i < models.size(); i++) {
            outcome = sendOnce(endpoint, credentials, models.get(i), prompt);
            boolean modelUnknown = outcome instanceof UpstreamOutcome.Failed failed
                    && Integer.valueOf(404).equals(failed.httpStatus());
            if (!modelUnknown || i == models.size() - 1) {
                break;
            }
            log.debug("Model {} not found upstream for account {}, trying {}", models.get(i),
                    credentials.accountName(), models.get(i + 1));
        }
        return outcome;
    }

    private UpstreamOutcome sendOnce(URI endpoint, Credentials credentials, String model, String prompt) {
        Instant sentAt = Instant.now();
        long started = System.nanoTime();
        HttpResponse<byte[]> response;
        UpstreamMetrics.Call call = metrics.start();
        try {
            response = exchange(request(endpoint, credentials, model, prompt));
            call.end(response.statusCode());
        } catch (IOException e) {
            if (e instanceof InterruptedIOException && Thread.currentThread().isInterrupted()) {
                // Our own stop interrupted the wait, not upstream: the message may be out (see CallInterrupted).
                throw new CallInterrupted();
            }
            return new UpstreamOutcome.Failed(FailureKind.NETWORK, null, NetworkCause.describe(e), null, sentAt);
        } catch (IllegalArgumentException e) {
            // The JDK client refuses some URLs only when a request is built from them.
            return new UpstreamOutcome.Failed(FailureKind.UPSTREAM, null, "custom endpoint is not usable", null, sentAt);
        } finally {
            call.end(null);
        }
        long latencyMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        MessageUsage usage = response.statusCode() / 100 == 2 ? MessageUsage.read(json, response.body())
                : MessageUsage.UNKNOWN;
        return ResponseClassifier.classify(response.statusCode(), response.headers(), model, sentAt, latencyMs,
                Instant.now(), usage);
    }

    private HttpRequest request(URI endpoint, Credentials credentials, String model, String prompt) {
        var body = new LinkedHashMap<String, Object>();
        body.put("model", model);
        body.put("max_tokens", MAX_TOKENS);
        body.put("messages", List.of(Map.of("role", "user", "content", prompt)));
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
                // Plain http is only a local proxy or a test double; don't attempt an h2c upgrade there.
                .version("https".equalsIgnoreCase(endpoint.getScheme())
                        ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1)
                .timeout(settings.readTimeout())
                .header("content-type", "application/json")
                .header("anthropic-version", ANTHROPIC_VERSION)
                .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)));
        if (credentials.authType() == AuthType.OAUTH) {
            request.header("authorization", "Bearer " + credentials.secret())
                    .header("anthropic-beta", OAUTH_BETA);
        } else {
            request.header("x-api-key", credentials.secret());
        }
        return request.build();
    }

    /**
     * The request timeout only bounds the wait for the response headers; waiting on the future bounds the body
     * too, so a server that trickles its answer cannot hold a consumer forever.
     */
    private HttpResponse<byte[]> exchange(HttpRequest request) throws IOException {
        CompletableFuture<HttpResponse<byte[]>> response = http.sendAsync(request,
                LimitedBody.upTo(MAX_BODY_BYTES));
        long limitMs = settings.connectTimeout().plus(settings.readTimeout()).toMillis();
        try {
            return response.get(limitMs, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            response.cancel(true);
            throw new HttpTimeoutException("response not complete in time");
        } catch (InterruptedException e) {
            response.cancel(true);
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for upstream");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof IllegalArgumentException invalid) {
                throw invalid;
            }
            throw new IOException("upstream call failed", e.getCause());
        }
    }
}
