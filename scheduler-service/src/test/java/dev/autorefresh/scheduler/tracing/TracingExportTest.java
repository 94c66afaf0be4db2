package dev.autorefresh.scheduler.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.tracing.Tracer;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.OtlpTracingAutoConfiguration;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.util.ClassUtils;

/**
 * The services' tracing set-up as Spring Boot builds it from their dependencies: a tracer always (trace ids in the
 * logs), a span exporter only when an OTLP endpoint is named, so by default nothing connects anywhere.
 */
class TracingExportTest {

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class,
                    OpenTelemetrySdkAutoConfiguration.class, OpenTelemetryTracingAutoConfiguration.class,
                    MicrometerTracingAutoConfiguration.class, OtlpTracingAutoConfiguration.class));

    @Test
    void withoutAnEndpointSpansAreMadeButNeverExported() {
        context.run(started -> {
            assertThat(started).hasNotFailed();
            assertThat(started).hasSingleBean(Tracer.class);
            assertThat(started).doesNotHaveBean(SpanExporter.class);
        });
    }

    @Test
    void anOtlpEndpointTurnsExportOn() {
        context.withPropertyValues("management.opentelemetry.tracing.export.otlp.endpoint=http://127.0.0.1:4318/v1/traces")
                .run(started -> {
                    assertThat(started).hasNotFailed();
                    assertThat(started.getBeansOfType(SpanExporter.class)).isNotEmpty();
                });
    }

    /** Micrometer's OTLP registry would push metrics to localhost:4318 unasked; Prometheus scrapes them instead. */
    @Test
    void metricsAreNeverPushedOverOtlp() {
        assertThat(ClassUtils.isPresent("io.micrometer.registry.otlp.OtlpMeterRegistry", null)).isFalse();
    }

    /** Fails fast rather than running without the export someone asked for: leave the variable out to turn it off. */
    @Test
    void anEmptyEndpointStopsTheStartWithAClearReason() {
        context.withPropertyValues("management.opentelemetry.tracing.export.otlp.endpoint=")
                .run(started -> assertThat(started).hasFailed().getFailure()
                        .rootCause().hasMessageContaining("Invalid endpoint, must start with http:// or https://"));
    }
}
