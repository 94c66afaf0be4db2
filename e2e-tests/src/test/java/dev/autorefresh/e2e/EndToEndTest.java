package dev.autorefresh.e2e;

import org.junit.jupiter.api.BeforeAll;

/** Every end-to-end test class talks to the one running system of this JVM. */
abstract class EndToEndTest {

    static RunningSystem system;
    static Upstream upstream;
    static ApiClient api;

    @BeforeAll
    static void startSystem() {
        system = RunningSystem.get();
        upstream = new Upstream(system.upstream);
        api = system.client;
    }
}
