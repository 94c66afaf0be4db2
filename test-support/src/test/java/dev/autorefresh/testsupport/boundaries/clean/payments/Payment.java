package dev.autorefresh.testsupport.boundaries.clean.payments;

/** Fixture: a feature that depends on nothing. */
public record Payment(long cents) {
}
