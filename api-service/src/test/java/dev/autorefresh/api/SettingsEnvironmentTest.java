package dev.autorefresh.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autorefresh.api.accounts.RefreshPolicy;
import dev.autorefresh.api.credentials.InternalSettings;
import dev.autorefresh.api.crypto.CryptoSettings;
import dev.autorefresh.api.oauth.OAuthSettings;
import dev.autorefresh.api.retention.RetentionSettings;
import dev.autorefresh.api.security.SecuritySettings;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** The environment variables the docs name keep setting the api-service's settings, now under autorefresh.api. */
class SettingsEnvironmentTest {

    @Test
    void eachGroupsVariablesSetTheScopedSettings() {
        Binder settings = Binder.get(environment(Map.of(
                "AUTOREFRESH_REFRESH_MAX_MESSAGES_PER_HOUR", "12",
                "AUTOREFRESH_REFRESH_BACKOFF", "2m,20m",
                "AUTOREFRESH_OAUTH_TIMEOUT", "3s",
                "AUTOREFRESH_INTERNAL_LOOKUP_WAIT", "2s",
                "AUTOREFRESH_RETENTION_AUDIT", "730d",
                "AUTOREFRESH_CRYPTO_ALLOW_DEV_KEY", "true",
                "AUTOREFRESH_SECURITY_MAX_FAILED_ATTEMPTS", "4")));

        RefreshPolicy policy = settings.bindOrCreate("autorefresh.api.refresh", RefreshPolicy.class);
        assertThat(policy.maxMessagesPerHour()).isEqualTo(12);
        assertThat(policy.backoff()).containsExactly(Duration.ofMinutes(2), Duration.ofMinutes(20));
        assertThat(settings.bindOrCreate("autorefresh.api.oauth", OAuthSettings.class).timeout())
                .isEqualTo(Duration.ofSeconds(3));
        assertThat(settings.bindOrCreate("autorefresh.api.internal", InternalSettings.class).lookupWait())
                .isEqualTo(Duration.ofSeconds(2));
        assertThat(settings.bindOrCreate("autorefresh.api.retention", RetentionSettings.class).audit())
                .isEqualTo(Duration.ofDays(730));
        assertThat(settings.bindOrCreate("autorefresh.api.crypto", CryptoSettings.class).allowDevKey()).isTrue();
        assertThat(settings.bindOrCreate("autorefresh.api.security", SecuritySettings.class).maxFailedAttempts())
                .isEqualTo(4);
    }

    @Test
    void bootAppliesItWhenTheServiceStarts() {
        var application = new SpringApplication(Nothing.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        application.setEnvironment(variables(Map.of("AUTOREFRESH_OAUTH_TIMEOUT", "3s")));

        try (ConfigurableApplicationContext started = application.run()) {
            assertThat(started.getEnvironment().getProperty("autorefresh.api.oauth.timeout")).isEqualTo("3s");
        }
    }

    /** A context with no beans: only the environment is of interest. */
    @Configuration(proxyBeanMethods = false)
    static class Nothing {
    }

    @Test
    void anEmptyVariableMeansTheDefaultAndOtherVariablesAreLeftAlone() {
        var environment = environment(Map.of("AUTOREFRESH_REFRESH_GRACE", "", "AUTOREFRESH_SERVICE_TOKEN", "x",
                "AUTOREFRESH_WORKER_ID", "w"));

        assertThat(Binder.get(environment).bindOrCreate("autorefresh.api.refresh", RefreshPolicy.class).grace())
                .isEqualTo(Duration.ofSeconds(1));
        assertThat(environment.getPropertySources().get(SettingsEnvironment.NAME))
                .isInstanceOfSatisfying(SystemEnvironmentPropertySource.class, scoped ->
                        assertThat(scoped.getPropertyNames()).containsExactly("AUTOREFRESH_API_REFRESH_GRACE"));
    }

    @Test
    void aPropertyOnTheCommandLineStillOutranksTheVariable() {
        var environment = environment(Map.of("AUTOREFRESH_OAUTH_TIMEOUT", "3s"));
        environment.getPropertySources().addFirst(new MapPropertySource("commandLineArgs",
                Map.of("autorefresh.api.oauth.timeout", "4s")));

        assertThat(Binder.get(environment).bindOrCreate("autorefresh.api.oauth", OAuthSettings.class).timeout())
                .isEqualTo(Duration.ofSeconds(4));
    }

    private static StandardEnvironment environment(Map<String, Object> variables) {
        StandardEnvironment environment = variables(variables);
        new SettingsEnvironment().postProcessEnvironment(environment, new SpringApplication());
        return environment;
    }

    /** An environment whose process variables are exactly these. */
    private static StandardEnvironment variables(Map<String, Object> variables) {
        var environment = new StandardEnvironment();
        environment.getPropertySources().replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                        variables));
        return environment;
    }
}
