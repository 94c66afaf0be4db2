package dev.autorefresh.worker;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class RefreshWorkerApplication {

    public static void main(String[] args) {
        SpringApplication.run(RefreshWorkerApplication.class, args);
    }
}
