package dev.autorefresh.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class CostPhaseTest {

    @Test
    void timesTheSchedulersOwnClaimStatementWithItsDefaultBatchAndLease() {
        Path repository = Path.of("").toAbsolutePath().getParent();

        String claim = CostPhase.claim(repository);

        assertThat(claim).startsWith("WITH due AS (").contains("INSERT INTO scheduler.dispatch")
                .contains("LIMIT 500").contains("make_interval(secs => 120)").doesNotContain(":batchSize")
                .doesNotContain(":leaseSeconds");
    }
}
