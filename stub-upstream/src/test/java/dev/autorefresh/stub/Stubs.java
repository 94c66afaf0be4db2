package dev.autorefresh.stub;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.InstantSource;

/** Starts a real stub on a free loopback port for one test. */
final class Stubs {

    private Stubs() {
    }

    static StubServer start(Duration window, WindowMode mode) {
        return start(window, mode, System.out);
    }

    static StubServer start(Duration window, WindowMode mode, PrintStream log) {
        try {
            return StubServer.start(new StubSettings("127.0.0.1", 0, StubConfig.of(Duration.ZERO, window, mode), true),
                    InstantSource.system(), log);
        } catch (IOException cannotListen) {
            throw new UncheckedIOException(cannotListen);
        }
    }
}
