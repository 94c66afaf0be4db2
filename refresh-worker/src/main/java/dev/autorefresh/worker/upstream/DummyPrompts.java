package dev.autorefresh.worker.upstream;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** The user guide's five dummy messages; cheap to answer, harmless to log upstream. */
final class DummyPrompts {

    static final List<String> ALL = List.of(
            "Write a hello world program in Python",
            "What is 2+2?",
            "Tell me a programmer joke",
            "What is the capital of France?",
            "Explain recursion in one sentence");

    private DummyPrompts() {
    }

    static String any() {
        return ALL.get(ThreadLocalRandom.current().nextInt(ALL.size()));
    }
}
