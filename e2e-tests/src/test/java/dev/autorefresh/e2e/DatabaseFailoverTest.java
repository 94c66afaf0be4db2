package dev.autorefresh.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.autorefresh.testsupport.PostgresFailoverPair;
import dev.autorefresh.testsupport.RabbitServer;
import dev.autorefresh.testsupport.ServiceProcess;
import dev.autorefresh.testsupport.TestInfrastructure;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The api-service on a primary and its streaming standby, given both hosts in one JDBC URL (standby first,
 * {@code targetServerType=primary}), as the deployment guide recommends: it finds the primary, and when the
 * primary dies and the standby is promoted it serves reads and writes again without a restart.
 */
class DatabaseFailoverTest {

    private static final String ADMIN_TOKEN = "art_failover-admin-" + UUID.randomUUID();

    @Test
    void theApiServiceFindsThePrimaryAndFollowsItsFailoverWithoutARestart() throws Exception {
        try (var pair = PostgresFailoverPair.start()) {
            Database.provision(pair.primary());
            var environment = new HashMap<String, String>();
            environment.put("SPRING_RABBITMQ_ADDRESSES", TestInfrastructure.rabbitAddresses());
            environment.put("RABBITMQ_VHOST", RabbitServer.VHOST);
            environment.put("RABBITMQ_USERNAME", RabbitServer.API_SERVICE.username());
            environment.put("RABBITMQ_PASSWORD", RabbitServer.API_SERVICE.password());
            environment.put("DATABASE_URL", pair.jdbcUrl("connectTimeout=2&socketTimeout=30&tcpKeepAlive=true"));
            environment.put("DATABASE_USERNAME", Database.API_ROLE);
            environment.put("DATABASE_PASSWORD", Database.API_PASSWORD);
            environment.put("AUTOREFRESH_ENCRYPTION_KEYS", "failover:" + RunningSystem.randomKey());
            environment.put("AUTOREFRESH_BOOTSTRAP_ADMIN_TOKEN", ADMIN_TOKEN);

            // Flyway migrates at startup: it could not on the standby listed first.
            try (var api = ServiceProcess.start("api-service-failover", RunningSystem.jar("api-service"), environment,
                    List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"), Path.of("target", "e2e-logs"),
                    Duration.ofMinutes(3))) {
                var client = new ApiClient(api.baseUrl(), ADMIN_TOKEN);
                String before = client.createAccount("""
                        {"name": "before-failover", "apiKey": "sk-ant-failover-%s"}""".formatted(UUID.randomUUID()))
                        .get("id").asString();
                // The standby has it too before the primary dies (streaming replication, asynchronous).
                await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> standbyHas(pair, before));

                pair.failover();

                // Broken pooled connections fail once; new ones find the promoted standby.
                String[] after = new String[1];
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions().until(() -> {
                    var created = client.post("/api/accounts", """
                            {"name": "after-failover", "apiKey": "sk-ant-failover-%s"}""".formatted(UUID.randomUUID()));
                    if (created.status() == 201) {
                        after[0] = created.body().get("id").asString();
                    }
                    return after[0] != null;
                });
                assertThat(client.account(before).get("name").asString()).isEqualTo("before-failover");
                assertThat(client.account(after[0]).get("name").asString()).isEqualTo("after-failover");
                assertThat(readiness(api)).isEqualTo(200);
                assertThat(api.isAlive()).isTrue();
            }
        }
    }

    private static boolean standbyHas(PostgresFailoverPair pair, String accountId) throws Exception {
        var standby = pair.standby();
        try (var connection = DriverManager.getConnection(standby.jdbcUrl(), standby.username(), standby.password());
             var statement = connection.prepareStatement("SELECT count(*) FROM api.account WHERE id = ?::uuid")) {
            statement.setString(1, accountId);
            try (var result = statement.executeQuery()) {
                result.next();
                return result.getInt(1) == 1;
            }
        }
    }

    private static int readiness(ServiceProcess api) throws Exception {
        try (var http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(URI.create(api.baseUrl() + "/actuator/health/readiness")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        }
    }
}
