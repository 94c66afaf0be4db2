package dev.autorefresh.api;

import dev.autorefresh.api.crypto.ReencryptCommand;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class ApiServiceApplication {

    public static void main(String[] args) {
        if (ReencryptCommand.requested(args)) {
            System.exit(ReencryptCommand.run(ApiServiceApplication.class, args));
        }
        SpringApplication.run(ApiServiceApplication.class, args);
    }
}
