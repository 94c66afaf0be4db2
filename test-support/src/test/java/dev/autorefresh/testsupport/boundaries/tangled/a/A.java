package dev.autorefresh.testsupport.boundaries.tangled.a;

import dev.autorefresh.testsupport.boundaries.clean.orders.Order;
import dev.autorefresh.testsupport.boundaries.tangled.b.B;
import dev.autorefresh.testsupport.boundaries.tangled.web.Status;

/** Fixture: a feature in a cycle with another, using the web layer and another service's class. */
public class A {

    B partner;
    Status status;
    Order foreign;
}
