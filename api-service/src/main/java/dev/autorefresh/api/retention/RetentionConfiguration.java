package dev.autorefresh.api.retention;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Runs {@link HistoryPurge} on its interval. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class RetentionConfiguration {
}
