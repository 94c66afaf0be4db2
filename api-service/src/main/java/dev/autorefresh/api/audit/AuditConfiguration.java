package dev.autorefresh.api.audit;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class AuditConfiguration {

    /** Until callers authenticate, every change is made by the same nobody. */
    @Bean
    @ConditionalOnMissingBean(Actor.class)
    Actor anonymousActor() {
        return () -> "anonymous";
    }
}
