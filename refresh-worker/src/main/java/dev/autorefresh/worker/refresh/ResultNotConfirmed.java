package dev.autorefresh.worker.refresh;

import java.util.UUID;

/** A result that could not be handed over for sure; its refresh must be retried, never silently dropped. */
public class ResultNotConfirmed extends RuntimeException {

    public ResultNotConfirmed(UUID refreshId, String why) {
        super("result of refresh " + refreshId + " not confirmed: " + why);
    }
}
