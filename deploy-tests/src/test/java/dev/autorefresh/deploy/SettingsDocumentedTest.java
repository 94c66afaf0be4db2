package dev.autorefresh.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Every setting compose reads is in .env.example and in the configuration table; no secret is committed. */
class SettingsDocumentedTest {

    private static final Pattern SECRET_NAME = Pattern.compile(".*(PASSWORD|_PASS|TOKEN|SECRET|API_KEY|CREDENTIAL).*");
    private static final Pattern ASSIGNMENT = Pattern.compile("^#?([A-Z][A-Z0-9_]*)=(.*)$");

    private static final String CONFIGURATION = "docs/configuration.md";

    private final ComposeFile compose = ComposeFile.load();

    @Test
    void envExampleNamesEverySettingTheComposeFileReads() {
        assertThat(envExample().keySet()).containsAll(compose.variables());
    }

    @Test
    void envExampleCommitsNoSecret() {
        envExample().forEach((name, value) -> {
            if (SECRET_NAME.matcher(name).matches()) {
                assertThat(value).as("%s in .env.example", name).isEmpty();
            }
        });
        assertThat(envExample().keySet()).contains("POSTGRES_PASSWORD", "API_DB_PASSWORD", "SCHEDULER_DB_PASSWORD",
                "RABBITMQ_PASSWORD", "AUTOREFRESH_SERVICE_TOKEN");
    }

    @Test
    void configurationTableDocumentsEverySetting() {
        String page = Repository.read(CONFIGURATION);
        assertThat(page).contains("## The system");
        // Only the tables count: a name in the prose above them documents nothing.
        String tables = page.substring(page.indexOf("## The system"));
        compose.variables().forEach(variable -> assertThat(tables)
                .as("%s configuration table", CONFIGURATION).containsPattern("(?m)^\\|.*`" + variable + "`"));
        assertThat(Repository.read("README.md")).as("README links the configuration page")
                .contains("](" + CONFIGURATION + ")");
    }

    @Test
    void readmeStartsWithTheRunCommandThenTheTestCommand() {
        var commands = Pattern.compile("(?ms)^```bash\\n(.*?)^```").matcher(Repository.read("README.md")).results()
                .map(match -> match.group(1).strip()).limit(2).toList();
        assertThat(commands).containsExactly("scripts/local up", "scripts/test");
    }

    /** Assignments in .env.example, commented-out defaults included. */
    private static Map<String, String> envExample() {
        return Repository.read(".env.example").lines()
                .map(ASSIGNMENT::matcher)
                .filter(Matcher::matches)
                .collect(Collectors.toMap(match -> match.group(1), match -> match.group(2), (first, second) -> first));
    }
}
