package dev.autorefresh.worker;

import com.tngtech.archunit.core.domain.JavaClasses;
import dev.autorefresh.testsupport.ServiceBoundaries;
import org.junit.jupiter.api.Test;

/** The refresh-worker's features depend on each other without cycles, and on no other service. */
class PackageBoundariesTest {

    private static final String SERVICE = "dev.autorefresh.worker";
    private static final JavaClasses CLASSES = ServiceBoundaries.mainClassesOf(SERVICE);

    @Test
    void featurePackagesFormNoCycle() {
        ServiceBoundaries.featuresAreFreeOfCycles(SERVICE).check(CLASSES);
    }

    @Test
    void usesNoOtherServiceOnlyTheSharedEvents() {
        ServiceBoundaries.usesNoOtherService(SERVICE).check(CLASSES);
    }
}
