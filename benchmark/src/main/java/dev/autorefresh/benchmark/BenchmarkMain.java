package dev.autorefresh.benchmark;

import dev.autorefresh.benchmark.report.Chart;
import dev.autorefresh.benchmark.report.JsonReport;
import dev.autorefresh.benchmark.report.Results;
import dev.autorefresh.benchmark.report.Table;

/**
 * {@code scripts/benchmark}: runs the benchmark, prints the tables, writes {@code latest.json} and {@code latest.png}.
 * Exit status: 0 when every dummy message was sent exactly once (timings that miss a target do not fail the run),
 * 1 when correctness failed (duplicates, misses, a service died), 2 when the run itself could not be done.
 */
public final class BenchmarkMain {

    private BenchmarkMain() {
    }

    public static void main(String[] args) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            if (!e.getMessage().isEmpty()) {
                System.err.println(e.getMessage());
            }
            System.err.print(Options.USAGE);
            System.exit(2);
            return;
        }
        int status;
        try {
            Results results = new Benchmark(options).run();
            Table.print(results, System.out);
            JsonReport.write(results, options.output().resolve("latest.json"));
            Chart.write(results, options.output().resolve("latest.png"));
            System.out.printf("%nWrote %s and %s%n", options.output().resolve("latest.json"),
                    options.output().resolve("latest.png"));
            status = correct(results) ? 0 : 1;
            if (status != 0) {
                System.err.println("CORRECTNESS FAILED: duplicates, misses or a dead service; see the table above");
            }
        } catch (RuntimeException e) {
            System.err.println("The benchmark could not run: " + e);
            e.printStackTrace(System.err);
            status = 2;
        }
        // Shutdown hooks stop the broker and the database (test-support) and any service still running.
        System.exit(status);
    }

    static boolean correct(Results results) {
        return results.ours().correctness().passed()
                && (results.baseline() == null || results.baseline().correctness().passed());
    }
}
