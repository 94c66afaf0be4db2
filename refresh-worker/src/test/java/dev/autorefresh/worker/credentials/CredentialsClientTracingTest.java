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
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelPropagator;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.micrometer.tracing.propagation.Propagator;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import tools.jackson.databind.json.JsonMapper;

/** The credentials lookup, our own hop, carries the refresh's trace context; nothing else rides along. */
class CredentialsClientTracingTest {

    private final SdkTracerProvider provider = SdkTracerProvider.builder().build();
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
        var beans = new StaticListableBeanFactory(Map.of("tracer", tracer, "propagator", propagator));
        client = new CredentialsClient(new ApiServiceSettings(api.baseUrl(), "s".repeat(40), Duration.ofSeconds(5), 0),
                JsonMapper.builder().build(), beans.getBeanProvider(Tracer.class),
                beans.getBeanProvider(Propagator.class));
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
        assertThat(request.getHeader("traceparent"))
                .matches("00-" + consume.context().traceId() + "-" + consume.context().spanId() + "-01");
        assertThat(request.getHeader("authorization")).isEqualTo("Bearer " + "s".repeat(40));
    }

    @Test
    void withoutATraceTheLookupHasNoTraceHeaders() {
        client.fetch(due());

        assertThat(onlyRequest().getHeaders().keys()).noneMatch(name -> name.equalsIgnoreCase("traceparent")
                || name.equalsIgnoreCase("tracestate") || name.equalsIgnoreCase("baggage"));
    }

    private LoggedRequest onlyRequest() {
        List<LoggedRequest> requests = api.findAll(getRequestedFor(anyUrl()));
        assertThat(requests).hasSize(1);
        return requests.getFirst();
    }

    private static RefreshDue due() {
        return new RefreshDue(UUID.randomUUID(), UUID.randomUUID(), "traced", null, 1, Instant.now(), Instant.now());
    }
}
