package dev.autorefresh.api.refusals;

/** The request clashes with what is stored, such as a name already taken: 409. */
public non-sealed class Conflict extends Refusal {

    public Conflict(String message, Object details) {
        super(message, details);
    }
}
