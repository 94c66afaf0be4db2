package dev.autorefresh.api.web;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The public REST API's description, served at {@code /v3/api-docs} and browsable at {@code /swagger-ui.html}.
 * {@code /internal/**} is left out (springdoc.paths-to-exclude): it is for workers only.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    @Bean
    OpenAPI autoRefreshApi() {
        return new OpenAPI().info(new Info()
                .title("auto-refresh API")
                .version("1")
                .description("""
                        Accounts and their auto-refresh state. Flags take {"enabled": 1} or 0 (or true/false); \
                        errors are {"error": "...", "details": ...} with a 4xx status and change nothing. \
                        Tokens and API keys are accepted, never returned."""));
    }
}
