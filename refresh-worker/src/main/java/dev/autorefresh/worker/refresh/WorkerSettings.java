package dev.autorefresh.worker.refresh;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Who this replica is, as reported in every result.
 *
 * @param id {@code autorefresh.worker.id}; default host name and process id, so replicas on one host differ
 */
@ConfigurationProperties("autorefresh.worker")
public record WorkerSettings(String id) {

    public WorkerSettings {
        // The one default not in a @DefaultValue: it is worked out on this host, at start.
        if (id == null || id.isBlank()) {
            id = hostName() + "-" + ProcessHandle.current().pid();
        }
    }

    private static String hostName() {
        String fromEnvironment = System.getenv("HOSTNAME");
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return fromEnvironment;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown-host";
        }
    }
}
