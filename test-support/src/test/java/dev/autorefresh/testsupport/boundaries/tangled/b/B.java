package dev.autorefresh.testsupport.boundaries.tangled.b;

import dev.autorefresh.testsupport.boundaries.tangled.a.A;

/** Fixture: closes the cycle with feature a. */
public class B {

    A partner;
}
