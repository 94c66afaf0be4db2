package dev.autorefresh.worker.http;

import org.springframework.http.HttpStatus;

/** "429 Too Many Requests": the JDK client gives no reason phrase, so we use the standard one. */
public final class StatusLine {

    private StatusLine() {
    }

    public static String of(int status) {
        if (status == 529) {
            return "529 Overloaded"; // Anthropic's own status, not in the HTTP registry
        }
        HttpStatus known = HttpStatus.resolve(status);
        return known == null ? Integer.toString(status) : status + " " + known.getReasonPhrase();
    }
}
