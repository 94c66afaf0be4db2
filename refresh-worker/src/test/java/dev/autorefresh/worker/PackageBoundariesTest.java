package dev.autorefresh.worker;

import dev.autorefresh.testsupport.ServiceBoundaryTests;

/** The refresh-worker's features depend on each other without cycles, and it uses no other service. */
class PackageBoundariesTest implements ServiceBoundaryTests {

    @Override
    public String servicePackage() {
        return "dev.autorefresh.worker";
    }
}
