package dev.autorefresh.stub;

import java.io.IOException;
import java.time.InstantSource;

/** Starts the stub upstream from environment variables (or {@code --NAME=value} arguments). */
public final class StubUpstreamMain {

    private StubUpstreamMain() {
    }

    public static void main(String[] args) {
        StubSettings settings;
        try {
            settings = StubSettings.from(System.getenv(), args);
        } catch (IllegalArgumentException invalid) {
            System.err.println("stub-upstream: " + invalid.getMessage());
            System.exit(2);
            return;
        }
        StubServer server;
        try {
            server = StubServer.start(settings, InstantSource.system(), System.out);
        } catch (IOException cannotListen) {
            System.err.println("stub-upstream: cannot listen on " + settings.bind() + ":" + settings.port() + ": "
                    + cannotListen.getMessage());
            System.exit(1);
            return;
        }
        // SIGTERM (docker stop) and Ctrl-C run this; the server's own threads keep the JVM alive until then.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            System.out.println("Stub upstream stopped");
        }, "stub-shutdown"));
        System.out.println("Stub upstream listening on http://" + settings.bind() + ":" + server.port()
                + " (" + server.config().describe() + ")");
    }
}
