package dev.autorefresh.benchmark.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class GcLogTest {

    @Test
    void readsTheHeapLeftAfterEachCollection() {
        GcLog gc = GcLog.parse(List.of(
                "[0.010s][info][gc] Using Serial",
                "[1.234s][info][gc] GC(0) Pause Young (Allocation Failure) 17M->3M(61M) 5.000ms",
                "[9.100s][info][gc] GC(1) Pause Full (Metadata GC Threshold) 40M->21M(98M) 30.500ms",
                "[20.000s][info][gc] GC(2) Pause Young (Allocation Failure) 60M->12M(98M) 1.500ms",
                "[30.000s][info][gc] GC(3) Pause Young (Allocation Failure) 1G->512K(1G) 1.000ms"));

        assertThat(gc.collections()).isEqualTo(4);
        assertThat(gc.maxAfterGcMiB()).isEqualTo(21);
        assertThat(gc.lastAfterGcMiB()).isEqualTo(0.5);
        assertThat(gc.maxCommittedMiB()).isEqualTo(1024);
        assertThat(gc.pauseMillis()).isEqualTo(38.0);
        // Only a full collection leaves live data alone in the heap.
        assertThat(gc.liveMiB()).isEqualTo(21);
    }

    @Test
    void withoutAFullCollectionTheLiveHeapIsUnknown() {
        GcLog gc = GcLog.parse(List.of("[1.234s][info][gc] GC(0) Pause Young (Allocation Failure) 17M->3M(61M) 5.000ms"));

        assertThat(gc.liveMiB()).isNull();
    }
}
