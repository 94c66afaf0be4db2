package dev.autorefresh.testsupport.boundaries.clean.orders;

import dev.autorefresh.testsupport.boundaries.clean.payments.Payment;

/** Fixture: a feature that uses another feature, one way. */
public record Order(Payment payment) {
}
