package dev.autorefresh.api.crypto;

import java.util.Arrays;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * {@code java -jar api-service.jar --autorefresh.crypto.reencrypt=true}: migrates the schema if needed, re-encrypts
 * every stored secret with the active key, and exits (0 on success). No web server and no broker consumer start,
 * so it can run beside the live service with the same environment.
 */
public final class ReencryptCommand {

    public static final String FLAG = "--autorefresh.crypto.reencrypt";

    private ReencryptCommand() {
    }

    public static boolean requested(String[] args) {
        return Arrays.stream(args).anyMatch(arg -> arg.equals(FLAG) || arg.equals(FLAG + "=true"));
    }

    /** Runs the pass in its own application context and returns the exit code. */
    public static int run(Class<?> application, String[] args) {
        var app = new SpringApplication(application);
        app.setWebApplicationType(WebApplicationType.NONE);
        app.addInitializers(context -> context.getEnvironment().getPropertySources().addFirst(
                new MapPropertySource("reencrypt-command", Map.of(
                        "autorefresh.api.crypto.reencrypt-on-startup", "true",
                        "spring.rabbitmq.listener.simple.auto-startup", "false"))));
        // The pass itself is StoredSecretsCheck's, at startup; a failure there fails run() and so the command.
        ConfigurableApplicationContext context = app.run(args);
        return SpringApplication.exit(context);
    }
}
