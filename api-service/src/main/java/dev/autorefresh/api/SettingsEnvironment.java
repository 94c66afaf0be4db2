package dev.autorefresh.api;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * The api-service's settings live under {@code autorefresh.api.*}, but operators set them with the environment
 * variables the docs name, which predate that prefix: {@code AUTOREFRESH_REFRESH_MAX_MESSAGES_PER_HOUR} sets
 * {@code autorefresh.api.refresh.max-messages-per-hour}. Each such variable is offered again under its scoped name
 * ({@code AUTOREFRESH_API_REFRESH_...}) right behind the real environment, so Boot binds it exactly as it binds any
 * variable (same relaxed names, same conversions, an empty value as before) and with the same precedence.
 */
class SettingsEnvironment implements EnvironmentPostProcessor, Ordered {

    static final String NAME = "autorefresh-api-" + StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME;

    /** The groups of settings whose variables kept their names; the others are mapped in application.yml. */
    private static final String[] GROUPS = {"OAUTH", "REFRESH", "INTERNAL", "RETENTION", "CRYPTO", "NOTIFICATIONS",
            "SECURITY"};

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        PropertySource<?> variables = environment.getPropertySources()
                .get(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        if (!(variables instanceof EnumerablePropertySource<?> enumerable)) {
            return;
        }
        Map<String, Object> scoped = new LinkedHashMap<>();
        for (String name : enumerable.getPropertyNames()) {
            for (String group : GROUPS) {
                if (name.startsWith("AUTOREFRESH_" + group + "_")) {
                    String scopedName = "AUTOREFRESH_API_" + name.substring("AUTOREFRESH_".length());
                    scoped.put(scopedName, enumerable.getProperty(name));
                }
            }
        }
        if (!scoped.isEmpty()) {
            environment.getPropertySources()
                    .addAfter(variables.getName(), new SystemEnvironmentPropertySource(NAME, scoped));
        }
    }

    /** After Boot has put its own view of the environment in place. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
