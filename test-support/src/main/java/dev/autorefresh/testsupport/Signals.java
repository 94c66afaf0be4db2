package dev.autorefresh.testsupport;

import java.util.List;
import java.util.Map;

/** POSIX signals to a process by its pid: the JDK can only send SIGTERM and SIGKILL. */
final class Signals {

    private Signals() {
    }

    static void send(String signal, long pid) {
        Processes.run(List.of("kill", "-" + signal, Long.toString(pid)), Map.of(), null, 10);
    }
}
