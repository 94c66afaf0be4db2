package dev.autorefresh.api.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.autorefresh.api.ApiServiceApplication;
import dev.autorefresh.api.web.ApiClient;
import dev.autorefresh.testsupport.PostgresServer;
import dev.autorefresh.testsupport.RabbitServer;
import dev.autorefresh.testsupport.TestInfrastructure;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/** The whole service started as production starts it: what it refuses, and the one-shot token commands. */
@ExtendWith(OutputCaptureExtension.class)
class SecurityStartupTest {

    private static final String BOOTSTRAP = "art_startup-bootstrap-0123456789abcdef0123456789";

    @Test
    void singleUserModeIsRefusedOnANonLoopbackAddress() {
        assertThatThrownBy(() -> start(WebApplicationType.SERVLET, "--server.port=0", "--server.address=0.0.0.0",
                "--autorefresh.api.security.single-user=true")).rootCause().hasMessageContaining("loopback only")
                .hasMessageContaining("SERVER_ADDRESS=127.0.0.1");
        assertThatThrownBy(() -> start(WebApplicationType.SERVLET, "--server.port=0",
                "--autorefresh.api.security.single-user=true")).rootCause().hasMessageContaining("all interfaces");
    }

    @Test
    void aShortBootstrapTokenOrServiceTokenIsRefused(CapturedOutput output) {
        assertThatThrownBy(() -> start(WebApplicationType.NONE,
                "--autorefresh.api.security.bootstrap-admin-token=too-short-a-token")).rootCause()
                .hasMessageContaining("at least 32 characters");
        assertThatThrownBy(() -> start(WebApplicationType.NONE,
                "--autorefresh.api.internal.service-token=too-short-a-service-token")).rootCause()
                .hasMessageContaining("at least 32 characters");
        assertThat(output.getAll()).doesNotContain("too-short-a-token", "too-short-a-service-token");
    }

    @Test
    void theBootstrapTokenIsStoredOnceAcrossRestartsAndNeverLogged(CapturedOutput output) {
        try (var first = start(WebApplicationType.NONE, "--autorefresh.api.security.bootstrap-admin-token=" + BOOTSTRAP)) {
            first.getBean(JdbcTemplate.class).update("delete from api.api_token");
        }
        try (var again = start(WebApplicationType.NONE, "--autorefresh.api.security.bootstrap-admin-token=" + BOOTSTRAP)) {
            assertThat(bootstrapRows(again)).isEqualTo(1);
        }
        try (var restarted = start(WebApplicationType.NONE,
                "--autorefresh.api.security.bootstrap-admin-token=" + BOOTSTRAP)) {
            assertThat(bootstrapRows(restarted)).isEqualTo(1);
            assertThat(restarted.getBean(ApiTokens.class).authenticate(BOOTSTRAP)).get()
                    .extracting(ApiPrincipal::role).isEqualTo(Role.ADMIN);
        }
        assertThat(output.getAll()).doesNotContain(BOOTSTRAP.substring(8));
    }

    @Test
    void aServiceWithoutAnyTokenSaysHowToCreateOne(CapturedOutput output) {
        try (var context = start(WebApplicationType.NONE)) {
            context.getBean(JdbcTemplate.class).update("delete from api.api_token");
        }
        try (var context = start(WebApplicationType.NONE)) {
            assertThat(output.getAll()).contains("No API token exists")
                    .contains("--autorefresh.tokens.create=admin --autorefresh.tokens.role=admin");
        }
    }

    @Test
    void theCommandLineCreatesListsAndRevokesTokens(CapturedOutput output) {
        String name = "cli-" + System.nanoTime();

        assertThat(TokensCommand.run(ApiServiceApplication.class, args("--autorefresh.tokens.create=" + name,
                "--autorefresh.tokens.role=admin"))).isZero();
        Matcher printed = Pattern.compile("^(art_\\S+)$", Pattern.MULTILINE).matcher(output.getOut());
        assertThat(printed.find()).as(output.getOut()).isTrue();
        String secret = printed.group(1);

        assertThat(TokensCommand.run(ApiServiceApplication.class, args("--autorefresh.tokens.list=true"))).isZero();
        assertThat(output.getOut()).containsPattern(name + "\\s+admin\\s+" + Pattern.quote(secret.substring(0, 8)));
        assertThat(output.getOut().indexOf(secret)).isEqualTo(output.getOut().lastIndexOf(secret));

        assertThat(TokensCommand.run(ApiServiceApplication.class, args("--autorefresh.tokens.revoke=" + name)))
                .isZero();
        assertThat(output.getOut()).contains("Revoked the token '" + name + "'");
        assertThat(TokensCommand.run(ApiServiceApplication.class, args("--autorefresh.tokens.revoke=" + name)))
                .isEqualTo(2);
        try (var context = start(WebApplicationType.NONE)) {
            assertThat(context.getBean(ApiTokens.class).authenticate(secret)).isEmpty();
        }
    }

    /**
     * These tests empty the tokens table of the database the other api-service tests share: give it back the
     * tests' admin token (the shared context stored it once, at its start).
     */
    @AfterAll
    static void restoreTheTestsAdminToken() {
        try (var context = start(WebApplicationType.NONE)) {
            context.getBean(JdbcTemplate.class).update("delete from api.api_token where name = 'bootstrap'");
            context.getBean(ApiTokens.class).ensureBootstrap(ApiClient.ADMIN_TOKEN);
        }
    }

    private static int bootstrapRows(ConfigurableApplicationContext context) {
        return context.getBean(JdbcTemplate.class).queryForObject(
                "select count(*) from api.api_token where name = 'bootstrap'", Integer.class);
    }

    private static ConfigurableApplicationContext start(WebApplicationType type, String... extra) {
        return new SpringApplicationBuilder(ApiServiceApplication.class).web(type).run(args(extra));
    }

    private static String[] args(String... extra) {
        PostgresServer postgres = TestInfrastructure.postgres();
        RabbitServer rabbit = TestInfrastructure.rabbit();
        List<String> args = new ArrayList<>(List.of(
                // Blank overrides the tests' bootstrap token of application.properties.
                "--autorefresh.api.security.bootstrap-admin-token=",
                "--spring.datasource.url=" + postgres.jdbcUrl(),
                "--spring.datasource.username=" + postgres.username(),
                "--spring.datasource.password=" + postgres.password(),
                "--spring.rabbitmq.host=" + rabbit.host(),
                "--spring.rabbitmq.port=" + rabbit.port(),
                "--spring.rabbitmq.listener.simple.auto-startup=false"));
        for (String arg : extra) {
            // A repeated command-line property is read as a list ("a,b"): an argument replaces the default.
            args.removeIf(given -> given.substring(0, given.indexOf('=') + 1).equals(arg.substring(0, arg.indexOf('=') + 1)));
            args.add(arg);
        }
        return args.toArray(String[]::new);
    }
}
