package dev.autorefresh.e2e;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Stops the services when the test session ends. JVM shutdown hooks run in parallel, so stopping the services
 * there would race the broker and database they need for a clean shutdown.
 */
public class StopSystemAfterTests implements LauncherSessionListener {

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        RunningSystem.stopIfStarted();
    }
}
