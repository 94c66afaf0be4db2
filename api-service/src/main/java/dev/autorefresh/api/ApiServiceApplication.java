package dev.autorefresh.api;

import dev.autorefresh.api.crypto.ReencryptCommand;
import dev.autorefresh.api.security.TokensCommand;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

// No generated in-memory user (and its password in the log): callers are API tokens, see security/.
@SpringBootApplication(excludeName = "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration")
@ConfigurationPropertiesScan
public class ApiServiceApplication {

    public static void main(String[] args) {
        if (ReencryptCommand.requested(args)) {
            System.exit(ReencryptCommand.run(ApiServiceApplication.class, args));
        }
        if (TokensCommand.requested(args)) {
            System.exit(TokensCommand.run(ApiServiceApplication.class, args));
        }
        SpringApplication.run(ApiServiceApplication.class, args);
    }
}
