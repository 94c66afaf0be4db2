package dev.autorefresh.api.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autorefresh.api.web.ApiClient;
import dev.autorefresh.api.web.ApiTest;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/** Every refused request answers 4xx in the API's error shape and leaves the stored accounts exactly as they were. */
@ApiTest
class AccountBadInputTest {

    private static final String LONG_NAME = "n".repeat(101);

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    ApiClient api;
    String id;

    @BeforeEach
    void setUp() {
        jdbc.update("delete from api.account");
        api = new ApiClient(port);
        id = api.create("""
                {"name": "my-account", "accessToken": "sk-ant-oat01-x", "expiresAt": "2999-01-01T00:00:00Z"}
                """);
        api.createWithApiKey("other");
    }

    static Stream<Arguments> badSettings() {
        return Stream.of(
                // the guide's flags: 1, 0, true, false and nothing else
                bad("auto-refresh", "{\"enabled\": \"yes\"}", "enabled must be 1, 0, true or false"),
                bad("auto-refresh", "{\"enabled\": 2}", "enabled must be 1, 0, true or false"),
                bad("auto-refresh", "{\"enabled\": -1}", "enabled must be 1, 0, true or false"),
                bad("auto-refresh", "{\"enabled\": 1.5}", "enabled must be 1, 0, true or false"),
                bad("auto-refresh", "{\"enabled\": 1.0}", "enabled must be 1, 0, true or false"),
                bad("auto-refresh", "{\"enabled\": \"1\"}", "enabled must be 1, 0, true or false"),
                bad("auto-refresh", "{\"enabled\": \"true\"}", "enabled must be 1, 0, true or false"),
                bad("auto-refresh", "{\"enabled\": 100000000000000000001}", "enabled must be 1, 0, true or false"),
                bad("auto-refresh", "{\"enabled\": [1]}", "enabled must be 1, 0, true or false"),
                bad("auto-refresh", "{\"enabled\": {}}", "enabled must be 1, 0, true or false"),
                bad("auto-refresh", "{\"enabled\": null}", "enabled is required: 1, 0, true or false"),
                bad("auto-refresh", "{}", "enabled is required: 1, 0, true or false"),
                bad("auto-refresh", "{\"Enabled\": 1}", "enabled is required: 1, 0, true or false"),
                bad("auto-refresh", "[]", "request body must be a JSON object"),
                bad("auto-refresh", "1", "request body must be a JSON object"),
                bad("auto-refresh", "null", null),
                bad("auto-refresh", "", "malformed or missing JSON request body"),
                bad("auto-refresh", "{\"enabled\": 1", "malformed or missing JSON request body"),
                bad("auto-refresh", "{enabled: 1}", "malformed or missing JSON request body"),
                bad("auto-fallback", "{\"enabled\": \"yes\"}", "enabled must be 1, 0, true or false"),
                bad("auto-fallback", "{\"enabled\": 2}", "enabled must be 1, 0, true or false"),
                bad("auto-fallback", "{\"enabled\": null}", "enabled is required: 1, 0, true or false"),
                bad("auto-fallback", "{}", "enabled is required: 1, 0, true or false"),
                bad("auto-fallback", "{\"enabled\": 1.5}", "enabled must be 1, 0, true or false"),
                // custom endpoint: an absolute http(s) URL, or null / "" to clear
                bad("custom-endpoint", "{\"customEndpoint\": \"ftp://example.com/v1\"}", null),
                bad("custom-endpoint", "{\"customEndpoint\": \"not a url\"}", null),
                bad("custom-endpoint", "{\"customEndpoint\": \"https://\"}", null),
                bad("custom-endpoint", "{\"customEndpoint\": \"/v1/messages\"}", null),
                bad("custom-endpoint", "{\"customEndpoint\": \"https://user:pw@example.com/\"}", null),
                bad("custom-endpoint", "{\"customEndpoint\": \"https://example.com/#x\"}", null),
                bad("custom-endpoint", "{\"customEndpoint\": \"javascript:alert(1)\"}", null),
                bad("custom-endpoint", "{\"customEndpoint\": \" \"}", null),
                bad("custom-endpoint", "{\"customEndpoint\": \"https://" + "a".repeat(2048) + ".com\"}", null),
                bad("custom-endpoint", "{\"customEndpoint\": 123}", "customEndpoint must be a string"),
                bad("custom-endpoint", "{\"customEndpoint\": true}", "customEndpoint must be a string"),
                bad("custom-endpoint", "{}", null),
                bad("custom-endpoint", "{\"endpoint\": \"https://example.com\"}", null),
                // priority: an integer from 0 to 100
                bad("priority", "{\"priority\": 101}", "priority must be an integer from 0 to 100"),
                bad("priority", "{\"priority\": -1}", "priority must be an integer from 0 to 100"),
                bad("priority", "{\"priority\": 1.5}", "priority must be an integer from 0 to 100"),
                bad("priority", "{\"priority\": \"5\"}", "priority must be an integer from 0 to 100"),
                bad("priority", "{\"priority\": true}", "priority must be an integer from 0 to 100"),
                bad("priority", "{\"priority\": 4294967297}", "priority must be an integer from 0 to 100"),
                bad("priority", "{\"priority\": null}", "priority is required: an integer from 0 to 100"),
                bad("priority", "{}", "priority is required: an integer from 0 to 100"),
                // names
                bad("rename", "{\"name\": \"\"}", null),
                bad("rename", "{\"name\": \" \"}", null),
                bad("rename", "{\"name\": \"bad/name\"}", null),
                bad("rename", "{\"name\": \"caf\u00e9\"}", null),
                bad("rename", "{\"name\": \"line\\nbreak\"}", null),
                bad("rename", "{\"name\": \"" + LONG_NAME + "\"}", null),
                bad("rename", "{\"name\": 123}", "name must be a string"),
                bad("rename", "{\"name\": null}", "name is required: a string"),
                bad("rename", "{}", "name is required: a string"),
                // credentials: exactly one kind
                bad("credentials", "{}", null),
                bad("credentials", "{\"apiKey\": \"k\", \"accessToken\": \"t\", \"expiresAt\": \"2999-01-01T00:00:00Z\"}", null),
                bad("credentials", "{\"apiKey\": \"\"}", null),
                bad("credentials", "{\"apiKey\": \"has space\"}", null),
                bad("credentials", "{\"apiKey\": \"line\\nbreak\"}", null),
                bad("credentials", "{\"apiKey\": 123}", "apiKey must be a string"),
                bad("credentials", "{\"accessToken\": \"t\"}", "expiresAt is required: a string"),
                bad("credentials", "{\"accessToken\": \"t\", \"expiresAt\": \"tomorrow\"}",
                        "expiresAt must be an ISO-8601 instant, like 2026-01-01T00:00:00Z"),
                bad("credentials", "{\"accessToken\": \"t\", \"expiresAt\": 1893456000}", "expiresAt must be a string"),
                bad("credentials", "{\"refreshToken\": \"r\", \"expiresAt\": \"2999-01-01T00:00:00Z\"}",
                        "accessToken is required: a string"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("badSettings")
    void refusesABadSettingAndChangesNothing(String action, String body, String message) {
        Map<String, Object> before = rows();

        var reply = api.post("/api/accounts/" + id + "/" + action, body).assertError(400);

        if (message != null) {
            assertThat(reply.error()).isEqualTo(message);
        }
        assertThat(rows()).isEqualTo(before);
    }

    static Stream<Arguments> badNewAccounts() {
        return Stream.of(
                Arguments.of("{\"apiKey\": \"k\"}", "name is required: a string"),
                Arguments.of("{\"name\": \"bad/name\", \"apiKey\": \"k\"}", null),
                Arguments.of("{\"name\": \"" + LONG_NAME + "\", \"apiKey\": \"k\"}", null),
                Arguments.of("{\"name\": 7, \"apiKey\": \"k\"}", "name must be a string"),
                Arguments.of("{\"name\": \"new\"}", null),
                Arguments.of("{\"name\": \"new\", \"apiKey\": \"k\", \"accessToken\": \"t\", \"expiresAt\": \"2999-01-01T00:00:00Z\"}", null),
                Arguments.of("{\"name\": \"new\", \"apiKey\": \"k\", \"refreshToken\": \"r\"}", null),
                Arguments.of("{\"name\": \"new\", \"accessToken\": \"t\"}", null),
                Arguments.of("{\"name\": \"new\", \"apiKey\": \"k\", \"priority\": 101}", null),
                Arguments.of("{\"name\": \"new\", \"apiKey\": \"k\", \"priority\": \"1\"}", null),
                Arguments.of("{\"name\": \"new\", \"apiKey\": \"k\", \"priority\": 0.5}", null),
                Arguments.of("{\"name\": \"new\", \"apiKey\": \"k\", \"provider\": \"Anthropic\"}", null),
                Arguments.of("{\"name\": \"new\", \"apiKey\": \"k\", \"provider\": 5}", null),
                Arguments.of("{\"name\": \"new\", \"apiKey\": \"k\", \"customEndpoint\": \"ftp://x\"}", null),
                Arguments.of("{\"name\": \"new\", \"apiKey\": \"k\"", "malformed or missing JSON request body"),
                Arguments.of("", "malformed or missing JSON request body"),
                Arguments.of("[{\"name\": \"new\", \"apiKey\": \"k\"}]", "request body must be a JSON object"),
                // Claude Code's credentials object
                Arguments.of("{\"name\": \"new\", \"claudeAiOauth\": \"sk-ant-oat01-x\"}", "claudeAiOauth must be the object "
                        + "from Claude Code's .credentials.json: accessToken, refreshToken and expiresAt (epoch milliseconds)"),
                Arguments.of("{\"name\": \"new\", \"claudeAiOauth\": {\"refreshToken\": \"r\", \"expiresAt\": 1795000000000}}",
                        "claudeAiOauth.accessToken must be 1-8192 printable ASCII characters without spaces"),
                Arguments.of("{\"name\": \"new\", \"claudeAiOauth\": {\"accessToken\": \"a b\", \"expiresAt\": 1795000000000}}",
                        "claudeAiOauth.accessToken must be 1-8192 printable ASCII characters without spaces"),
                Arguments.of("{\"name\": \"new\", \"claudeAiOauth\": {\"accessToken\": \"t\"}}", "claudeAiOauth.expiresAt is "
                        + "required: the access token's expiry in epoch milliseconds, as Claude Code writes it"),
                Arguments.of("{\"name\": \"new\", \"claudeAiOauth\": {\"accessToken\": \"t\", \"expiresAt\": \"2999-01-01T00:00:00Z\"}}",
                        "claudeAiOauth.expiresAt is required: the access token's expiry in epoch milliseconds, as Claude Code writes it"),
                Arguments.of("{\"name\": \"new\", \"claudeAiOauth\": {\"accessToken\": \"t\", \"expiresAt\": 1795000000}}",
                        "claudeAiOauth.expiresAt must be in epoch milliseconds (this looks like seconds)"),
                Arguments.of("{\"name\": \"new\", \"apiKey\": \"k\", \"claudeAiOauth\": {\"accessToken\": \"t\", \"expiresAt\": 1795000000000}}",
                        null),
                Arguments.of("{\"claudeAiOauth\": {\"accessToken\": \"t\", \"expiresAt\": 1795000000000}}", "name is required: a string"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badNewAccounts")
    void refusesABadNewAccountAndAddsNothing(String body, String message) {
        Map<String, Object> before = rows();

        var reply = api.post("/api/accounts", body).assertError(400);

        if (message != null) {
            assertThat(reply.error()).isEqualTo(message);
        }
        assertThat(rows()).isEqualTo(before);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', textBlock = """
            /api/accounts           | {"name": "new", "apiKey": "has space"}                          | apiKey
            /api/accounts           | {"name": 7, "apiKey": "k"}                                      | name
            /api/accounts           | {"name": "new", "claudeAiOauth": {"accessToken": "t"}}          | claudeAiOauth.expiresAt
            /api/accounts           | {"name": "new", "claudeAiOauth": {"accessToken": 5, "expiresAt": 1795000000000}} | claudeAiOauth.accessToken
            /api/accounts           | {"name": "new", "apiKey": "k", "priority": "5"}                 | priority
            /api/accounts           | {"name": "new"}                                                 | credentials
            priority                | {"priority": 101}                                               | priority
            credentials             | {"accessToken": "t"}                                            | expiresAt
            credentials             | {"accessToken": "t", "expiresAt": 5}                            | expiresAt
            """)
    void namesTheRefusedFieldAsTheBodySpellsIt(String action, String body, String field) {
        String path = action.startsWith("/") ? action : "/api/accounts/" + id + "/" + action;

        var reply = api.post(path, body).assertError(400);

        assertThat(reply.json().get("details").get("field").stringValue()).isEqualTo(field);
    }

    @Test
    void refusesABodyThatIsNotJsonWithUnsupportedMediaType() {
        Map<String, Object> before = rows();

        for (String contentType : List.of("text/plain", "application/x-www-form-urlencoded", "application/xml")) {
            var reply = api.send("POST", "/api/accounts/" + id + "/auto-refresh", contentType, "{\"enabled\": 1}")
                    .assertError(415);
            assertThat(reply.error()).isEqualTo("content type must be application/json");
            api.send("POST", "/api/accounts", contentType, "{\"name\": \"new\", \"apiKey\": \"k\"}").assertError(415);
        }
        api.send("POST", "/api/accounts/" + id + "/auto-refresh", null, "{\"enabled\": 1}").assertError(415);

        assertThat(rows()).isEqualTo(before);
    }

    @Test
    void ignoresUnknownFields() {
        var reply = api.post("/api/accounts/" + id + "/auto-refresh", "{\"enabled\": 1, \"comment\": \"why not\"}");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().get("autoRefreshEnabled").booleanValue()).isTrue();
    }

    @Test
    void refusesABadHistoryPageWithoutTouchingAnything() {
        Map<String, Object> before = rows();

        api.get("/api/accounts/" + id + "/refreshes?size=201").assertError(400);
        api.get("/api/accounts/" + id + "/refreshes?size=0").assertError(400);
        api.get("/api/accounts/" + id + "/refreshes?page=-1").assertError(400);
        var reply = api.get("/api/accounts/" + id + "/refreshes?page=abc").assertError(400);

        assertThat(reply.error()).isEqualTo("page has an invalid value");
        assertThat(rows()).isEqualTo(before);
    }

    private static Arguments bad(String action, String body, String message) {
        return Arguments.of(action, body, message);
    }

    /** Every stored column of every account, by id. */
    private Map<String, Object> rows() {
        return Map.copyOf(jdbc.query("select * from api.account order by id", rs -> {
            var all = new java.util.HashMap<String, Object>();
            var columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                var row = new java.util.HashMap<String, Object>();
                for (int i = 1; i <= columns; i++) {
                    row.put(rs.getMetaData().getColumnName(i), rs.getObject(i));
                }
                all.put(rs.getString("id"), row);
            }
            return all;
        }));
    }
}
