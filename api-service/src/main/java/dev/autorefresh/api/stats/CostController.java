package dev.autorefresh.api.stats;

import dev.autorefresh.api.accounts.AccountNotFound;
import dev.autorefresh.api.accounts.AccountRepository;
import dev.autorefresh.api.json.ApiInstant;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** What auto-refresh spent (tokens of the dummy messages) and saved, over the last day, week and month. Read-only. */
@RestController
class CostController {

    private static final Pattern CANONICAL_UUID =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    /** Shortest first; the query reads back to the last (longest) one. */
    static final Map<String, Duration> PERIODS = periods();

    private final CostQueries queries;
    private final AccountRepository accounts;
    private final Clock clock;

    CostController(CostQueries queries, AccountRepository accounts, Clock clock) {
        this.queries = queries;
        this.accounts = accounts;
        this.clock = clock;
    }

    @GetMapping("/api/cost")
    Cost total() {
        return cost(null);
    }

    @GetMapping("/api/accounts/{id}/cost")
    Cost account(@PathVariable String id) {
        if (!CANONICAL_UUID.matcher(id).matches() || !accounts.existsById(UUID.fromString(id))) {
            throw new AccountNotFound(id);
        }
        return cost(UUID.fromString(id));
    }

    private Cost cost(UUID account) {
        Instant now = clock.instant();
        List<Instant> sinces = PERIODS.values().stream().map(now::minus).toList();
        List<CostQueries.Figures> figures = queries.since(sinces, account);
        Map<String, Period> periods = new LinkedHashMap<>();
        int i = 0;
        for (String name : PERIODS.keySet()) {
            periods.put(name, Period.of(sinces.get(i), figures.get(i)));
            i++;
        }
        return new Cost(account, periods, now);
    }

    private static Map<String, Duration> periods() {
        Map<String, Duration> periods = new LinkedHashMap<>();
        periods.put("24h", Duration.ofHours(24));
        periods.put("7d", Duration.ofDays(7));
        periods.put("30d", Duration.ofDays(30));
        return periods;
    }

    /** @param accountId null for the totals over every account */
    record Cost(UUID accountId, Map<String, Period> periods, @ApiInstant Instant timestamp) {
    }

    /**
     * @param messagesSent     dummy messages that went out (paid)
     * @param tokensPerMessage input plus output tokens per message whose answer reported them; null without one
     * @param avoided          refreshes that sent nothing
     */
    record Period(@ApiInstant Instant since, long messagesSent, long inputTokens, long outputTokens,
            Double tokensPerMessage, Avoided avoided) {

        static Period of(Instant since, CostQueries.Figures figures) {
            Double perMessage = figures.messagesWithCost() == 0 ? null
                    : Math.round(10.0 * (figures.inputTokens() + figures.outputTokens()) / figures.messagesWithCost())
                            / 10.0;
            return new Period(since, figures.messagesSent(), figures.inputTokens(), figures.outputTokens(), perMessage,
                    new Avoided(figures.avoidedUsageCheck(), figures.avoidedInFlight(),
                            figures.avoidedUsageCheck() + figures.avoidedInFlight()));
        }
    }

    /**
     * @param usageCheck the free usage check found a window already open
     * @param inFlight   a duplicate request for a window found its claim alive
     */
    record Avoided(long usageCheck, long inFlight, long total) {
    }
}
