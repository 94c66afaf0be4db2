package dev.autorefresh.api.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autorefresh.api.web.ApiClient;
import dev.autorefresh.api.web.ApiTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;

/** Whoever provides an Actor bean (the security configuration) names the person or token in the trail. */
@ApiTest
@Import(AuditActorTest.NamedActor.class)
class AuditActorTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void theActorBeanNamesWhoMadeTheChange() {
        jdbc.update("delete from api.account");
        var api = new ApiClient(port);
        String id = api.createWithApiKey("named");

        var entries = api.get("/api/accounts/" + id + "/audit").json();

        assertThat(entries.get(0).get("actor").stringValue()).isEqualTo("token:ci-bot");
    }

    @TestConfiguration
    static class NamedActor {
        @Bean
        Actor actor() {
            return () -> "token:ci-bot";
        }
    }
}
