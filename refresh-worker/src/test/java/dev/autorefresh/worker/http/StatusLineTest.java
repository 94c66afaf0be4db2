package dev.autorefresh.worker.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StatusLineTest {

    @Test
    void usesTheStandardReasonPhrase() {
        assertThat(StatusLine.of(429)).isEqualTo("429 Too Many Requests");
        assertThat(StatusLine.of(401)).isEqualTo("401 Unauthorized");
        assertThat(StatusLine.of(503)).isEqualTo("503 Service Unavailable");
    }

    @Test
    void knowsAnthropicsOverloadedStatus() {
        assertThat(StatusLine.of(529)).isEqualTo("529 Overloaded");
    }

    @Test
    void showsJustTheCodeWhenThereIsNoStandardPhrase() {
        assertThat(StatusLine.of(599)).isEqualTo("599");
    }
}
