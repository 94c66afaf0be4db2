package dev.autorefresh.worker.upstream;

/**
 * This replica interrupted its own upstream call (it is stopping and the call outlasted the shutdown timeout). The
 * message may have reached upstream and opened a window, so the outcome is unknown: it is no upstream failure to
 * back off from and retry (a retry could pay twice), but a refresh left to its claim, which expires and is resolved
 * like a dead worker's: the OAuth account's next attempt looks first, the API-key account's is taken as sent.
 */
public class CallInterrupted extends RuntimeException {

    public CallInterrupted() {
        super("the upstream call was interrupted while out; its outcome is unknown");
    }
}
