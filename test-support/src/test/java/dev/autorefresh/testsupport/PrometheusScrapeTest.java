package dev.autorefresh.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Reading Prometheus's text format as the services' metrics tests rely on it. */
class PrometheusScrapeTest {

    private static final String TEXT = """
            # HELP autorefresh_deliveries_total Deliveries by outcome
            # TYPE autorefresh_deliveries_total counter
            autorefresh_deliveries_total{outcome="sent",queue="a b {c}"} 3.0
            autorefresh_deliveries_total{outcome="failed",queue="x"} 2.0
            autorefresh_deliveries_total{outcome="sent",queue="y"} 4.0
            latency_seconds_bucket{le="+Inf"} 7.0
            latency_seconds_max +Inf
            process_uptime_seconds 12.5
            """;

    @Test
    void sumsTheSeriesThatCarryTheGivenLabels() {
        PrometheusScrape scrape = PrometheusScrape.parse(TEXT);

        assertThat(scrape.sum("autorefresh_deliveries_total")).isEqualTo(9.0);
        assertThat(scrape.sum("autorefresh_deliveries_total", "outcome", "sent")).isEqualTo(7.0);
        assertThat(scrape.sum("autorefresh_deliveries_total", "outcome", "sent", "queue", "a b {c}")).isEqualTo(3.0);
        assertThat(scrape.sum("autorefresh_deliveries_total", "outcome", "unknown")).isZero();
        assertThat(scrape.has("latency_seconds_bucket", "le", "+Inf")).isTrue();
        assertThat(scrape.has("process_uptime_seconds")).isTrue();
        assertThat(scrape.has("autorefresh_absent_total")).isFalse();
    }

    @Test
    void readsInfinityAsPrometheusWritesIt() {
        assertThat(PrometheusScrape.parse(TEXT).sum("latency_seconds_max")).isInfinite();
    }

    @Test
    void namesAreEverySeriesNameAsExposedWithoutHelpOrTypeLines() {
        assertThat(PrometheusScrape.parse(TEXT).names()).containsExactly("autorefresh_deliveries_total",
                "latency_seconds_bucket", "latency_seconds_max", "process_uptime_seconds");
    }
}
