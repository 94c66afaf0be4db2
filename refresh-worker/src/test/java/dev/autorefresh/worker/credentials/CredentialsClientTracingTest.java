package dev.autorefresh.worker.credentials;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.autorefresh.events.RefreshDue;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.PropagatingSenderTracingObservationHandler;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelPropagator;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.micrometer.tracing.propagation.Propagator;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * The credentials lookup, our own hop, is a client span of the refresh's trace and carries its context; nothing else
 * rides along.
 */
class CredentialsClientTracingTest {

    /** The spans that ended, so the lookup's own span can be told from the refresh's. */
    private final List<SpanData> ended = new CopyOnWriteArrayList<>();
    private final SdkTracerProvider provider = SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(new Recorder(ended))).build();
    private final io.opentelemetry.api.trace.Tracer otel = provider.get("test");
    private final Tracer tracer = new OtelTracer(otel, new OtelCurrentTraceContext(), event -> { });
    private final Propagator propagator = new OtelPropagator(
            ContextPropagators.create(W3CTraceContextPropagator.getInstance()), otel);
    private WireMockServer api;
    private CredentialsClient client;

    @BeforeEach
    void setUp() {
        api = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        api.start();
        api.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(404)));
        // What Boot's auto-configured RestClient.Builder gets when tracing is on: an observation registry whose
        // client observations start a span and inject its context.
        ObservationRegistry observations = ObservationRegistry.create();
        observations.observationConfig()
                .observationHandler(new PropagatingSenderTracingObservationHandler<>(tracer, propagator));
        var settings = new ApiServiceSettings(URI.create(api.baseUrl()), "s".repeat(40), Duration.ofSeconds(5), 0);
        client = new CredentialsClient(settings,
                JsonMapper.builder().build(), RestClient.builder().observationRegistry(observations));
    }

    @AfterEach
    void tearDown() {
        api.stop();
        provider.close();
    }

    @Test
    void theLookupCarriesTheCurrentTraceAsTraceparent() {
        Span consume = tracer.nextSpan().name("refresh-due receive").start();
        try (Tracer.SpanInScope scope = tracer.withSpan(consume)) {
            client.fetch(due());
        } finally {
            consume.end();
        }

        LoggedRequest request = onlyRequest();
        // The lookup's own client span, a child of the refresh's span, is what the api-service continues.
        SpanData lookup = ended.stream().filter(span -> span.getKind() == SpanKind.CLIENT).findFirst().orElseThrow();
        assertThat(lookup.getParentSpanId()).isEqualTo(consume.context().spanId());
        assertThat(request.getHeader("traceparent"))
                .matches("00-" + consume.context().traceId() + "-" + lookup.getSpanId() + "-01");
        assertThat(request.getHeader("authorization")).isEqualTo("Bearer " + "s".repeat(40));
    }

    @Test
    void withoutATraceTheLookupStartsItsOwnAndCarriesNothingElse() {
        client.fetch(due());

        // A lookup outside a refresh (never the case in the service, whose listener always observes) is a root.
        SpanData lookup = ended.stream().filter(span -> span.getKind() == SpanKind.CLIENT).findFirst().orElseThrow();
        assertThat(lookup.getParentSpanContext().isValid()).isFalse();
        LoggedRequest request = onlyRequest();
        assertThat(request.getHeader("traceparent"))
                .isEqualTo("00-" + lookup.getTraceId() + "-" + lookup.getSpanId() + "-01");
        assertThat(request.getHeaders().keys()).noneMatch(name -> name.equalsIgnoreCase("tracestate")
                || name.equalsIgnoreCase("baggage"));
    }

    private LoggedRequest onlyRequest() {
        List<LoggedRequest> requests = api.findAll(getRequestedFor(anyUrl()));
        assertThat(requests).hasSize(1);
        return requests.getFirst();
    }

    private record Recorder(List<SpanData> spans) implements SpanExporter {

        @Override
        public CompletableResultCode export(Collection<SpanData> batch) {
            spans.addAll(batch);
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }
    }

    private static RefreshDue due() {
        return new RefreshDue(UUID.randomUUID(), UUID.randomUUID(), "traced", null, 1, Instant.now(), Instant.now());
    }
}
