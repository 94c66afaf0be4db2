package dev.autorefresh.api.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autorefresh.api.web.ApiClient;
import dev.autorefresh.api.web.ApiTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/** The audit trail names the token that made each change, never the token itself. */
@ApiTest
class AuditActorTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void theTrailNamesTheTokenThatMadeTheChange() {
        jdbc.update("delete from api.account");
        jdbc.update("delete from api.api_token where name = 'ci-bot'");
        var admin = new ApiClient(port);
        String token = admin.post("/api/tokens", "{\"name\": \"ci-bot\", \"role\": \"admin\"}").json()
                .get("token").stringValue();
        var bot = new ApiClient(port, token);
        String id = bot.createWithApiKey("named");
        admin.post("/api/accounts/" + id + "/pause", null);

        var entries = admin.get("/api/accounts/" + id + "/audit").json();

        assertThat(entries.get(0).get("action").stringValue()).isEqualTo("paused");
        assertThat(entries.get(0).get("actor").stringValue()).isEqualTo("bootstrap");
        assertThat(entries.get(1).get("action").stringValue()).isEqualTo("created");
        assertThat(entries.get(1).get("actor").stringValue()).isEqualTo("ci-bot");
        assertThat(entries.toString()).doesNotContain(token);
    }
}
