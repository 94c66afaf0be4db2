package dev.autorefresh.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Runs the deployments' broker provisioning script (deploy/rabbitmq/provision.sh) against a test broker. */
final class BrokerProvisioning {

    static final String SCRIPT = "deploy/rabbitmq/provision.sh";

    private BrokerProvisioning() {
    }

    /** The script, found from the working directory up (tests run in a module directory of the repository). */
    static Path script() {
        for (Path directory = Path.of("").toAbsolutePath(); directory != null; directory = directory.getParent()) {
            Path candidate = directory.resolve(SCRIPT);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new InfrastructureUnavailable(SCRIPT + " not found above " + Path.of("").toAbsolutePath());
    }

    /** The script's settings: the test users' passwords, and the administrator as operator. */
    static Map<String, String> environment(String operator) {
        var environment = new HashMap<String, String>();
        environment.put("RABBITMQ_VHOST", RabbitServer.VHOST);
        environment.put("API_RABBITMQ_PASSWORD", RabbitServer.API_SERVICE.password());
        environment.put("SCHEDULER_RABBITMQ_PASSWORD", RabbitServer.SCHEDULER.password());
        environment.put("WORKER_RABBITMQ_PASSWORD", RabbitServer.WORKER.password());
        environment.put("RABBITMQ_OPERATOR", operator);
        return environment;
    }
}
