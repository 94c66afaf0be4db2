package dev.autorefresh.stub;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;

/** The stub's stdout: one line per messages request (an account only by its fingerprint, never its secret) and config changes. */
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

    /** Operator actions are always printed, even when per-request lines are off. */
    void note(String line) {
        out.println(line);
    }

    private static String lag(Duration lag) {
        return lag == null ? "" : " (" + lag.toMillis() + " ms after the previous reset)";
    }
}
