package dev.autorefresh.stub;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;

/** One line per messages request; an account appears only by its fingerprint, never by its secret. */
final class RequestLog {

    private final PrintStream out;
    private final boolean enabled;

    RequestLog(PrintStream out, boolean enabled) {
        this.out = out;
        this.enabled = enabled;
    }

    void answered(Instant receivedAt, AccountKey account, int status, Windows.WindowOutcome window) {
        if (!enabled) {
            return;
        }
        String state = window.started() ? "new window" + lag(window.lag()) : "window still open (duplicate)";
        out.println(receivedAt + " account=" + account.fingerprint() + " status=" + status
                + " reset=" + window.reset() + " " + state);
    }

    void failed(Instant receivedAt, AccountKey account, int status, String errorType) {
        if (!enabled) {
            return;
        }
        out.println(receivedAt + " account=" + (account == null ? "-" : account.fingerprint()) + " status=" + status
                + " error=" + errorType);
    }

    private static String lag(Duration lag) {
        return lag == null ? "" : " (" + lag.toMillis() + " ms after the previous reset)";
    }
}
