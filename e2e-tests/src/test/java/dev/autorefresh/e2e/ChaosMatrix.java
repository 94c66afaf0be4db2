package dev.autorefresh.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The chaos matrix, run by {@code scripts/chaos} (not by the normal build: its name is not a test name).
 * System properties: {@code chaos.scenarios} ({@code all}, {@code ci}, or names separated by commas),
 * {@code chaos.accounts} (healthy accounts per scenario), {@code chaos.output} (where results.md/json go).
 * Fails when any scenario broke an invariant, after writing every result.
 */
class ChaosMatrix {

    @Test
    void everyScenarioKeepsTheDeliveryInvariants() throws Exception {
        String selection = System.getProperty("chaos.scenarios", "ci");
        int accounts = Integer.getInteger("chaos.accounts", 150);
        Path output = Path.of(System.getProperty("chaos.output", "target/chaos"));
        List<ChaosScenario> scenarios = select(selection);
        String loadBefore = uptime();
        List<ChaosResult> results = new ArrayList<>();
        try (var system = new ChaosSystem()) {
            var run = new ChaosRun(system, accounts);
            for (ChaosScenario scenario : scenarios) {
                System.out.println("chaos: " + scenario.name() + " (" + scenario.fault() + ")");
                ChaosResult result;
                try {
                    result = run.run(scenario);
                } catch (Exception | AssertionError harnessFailure) {
                    // A scenario that could not be measured is a failed row, not the end of the matrix.
                    harnessFailure.printStackTrace(System.out);
                    result = ChaosResult.notMeasured(scenario, harnessFailure);
                }
                System.out.println("chaos: " + result);
                results.add(result);
                system.reviveAll();
                ChaosReport.write(output, results, loadBefore, uptime());
            }
        }
        assertThat(results).as("scenarios that broke an invariant (see %s)", output.resolve("results.md"))
                .filteredOn(result -> !result.passed())
                .extracting(result -> result.scenario() + ": " + result.violations())
                .isEmpty();
    }

    private static List<ChaosScenario> select(String selection) {
        List<ChaosScenario> all = ChaosScenarios.all();
        if (selection.equals("all")) {
            return all;
        }
        if (selection.equals("ci")) {
            return all.stream().filter(ChaosScenario::ci).toList();
        }
        Set<String> names = Arrays.stream(selection.split(",")).map(String::strip).collect(Collectors.toSet());
        List<ChaosScenario> chosen = all.stream().filter(scenario -> names.contains(scenario.name())).toList();
        if (chosen.size() != names.size()) {
            throw new IllegalArgumentException("unknown scenario in '" + selection + "'; known: "
                    + all.stream().map(ChaosScenario::name).toList());
        }
        return chosen;
    }

    private static String uptime() {
        try {
            Process process = new ProcessBuilder("uptime").redirectErrorStream(true).start();
            return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }
}
