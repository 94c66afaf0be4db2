package dev.autorefresh.api.audit;

/** A non-secret field's value before and after a change. */
public record Change(Object before, Object after) {

    public static Change of(Object before, Object after) {
        return new Change(before, after);
    }
}
