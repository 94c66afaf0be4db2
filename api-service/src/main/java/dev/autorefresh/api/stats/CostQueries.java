package dev.autorefresh.api.stats;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * What refreshes cost and saved, over several periods at once: one statement per request, for all accounts or one.
 * The attempts are read through refresh_attempt_recorded_idx (totals) or refresh_attempt_account_recorded_idx (one
 * account); the IN_FLIGHT answers through their own indexes.
 */
@Repository
class CostQueries {

    /** Window sources for which a paid message went out (the usage check sent none). */
    private static final String PAID = "window_source IN ('MESSAGE', 'ESTIMATED', 'NO_WINDOW')";

    private final JdbcClient jdbc;

    CostQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * @param sinces   the start of each period, the earliest last
     * @param account  one account, or null for all
     * @return one figure per period, in the order of {@code sinces}
     */
    List<Figures> since(List<Instant> sinces, UUID account) {
        StringBuilder attempts = new StringBuilder("SELECT ");
        StringBuilder avoided = new StringBuilder("SELECT ");
        for (int i = 0; i < sinces.size(); i++) {
            String since = "CAST(:since" + i + " AS timestamptz)";
            String recent = "recorded_at >= " + since;
            attempts.append(i == 0 ? "" : ", ")
                    .append("count(*) FILTER (WHERE ").append(recent).append(" AND ").append(PAID).append(") AS sent")
                    .append(i)
                    .append(", count(*) FILTER (WHERE ").append(recent)
                    .append(" AND (input_tokens IS NOT NULL OR output_tokens IS NOT NULL)) AS costed").append(i)
                    .append(", coalesce(sum(input_tokens) FILTER (WHERE ").append(recent).append("), 0) AS input")
                    .append(i)
                    .append(", coalesce(sum(output_tokens) FILTER (WHERE ").append(recent).append("), 0) AS output")
                    .append(i)
                    .append(", count(*) FILTER (WHERE ").append(recent)
                    .append(" AND window_source = 'USAGE_CHECK') AS usage_check").append(i);
            avoided.append(i == 0 ? "" : ", ")
                    .append("count(*) FILTER (WHERE at >= ").append(since).append(") AS in_flight").append(i);
        }
        String earliest = "CAST(:since" + (sinces.size() - 1) + " AS timestamptz)";
        String oneAccount = account == null ? "" : " AND account_id = :account";
        attempts.append(" FROM api.refresh_attempt WHERE recorded_at >= ").append(earliest).append(oneAccount);
        avoided.append(" FROM api.refresh_avoided WHERE at >= ").append(earliest).append(oneAccount);
        var statement = jdbc.sql("SELECT * FROM (" + attempts + ") attempts CROSS JOIN (" + avoided + ") avoided");
        for (int i = 0; i < sinces.size(); i++) {
            statement = statement.param("since" + i, utc(sinces.get(i)));
        }
        if (account != null) {
            statement = statement.param("account", account);
        }
        return statement.query((row, n) -> {
            List<Figures> figures = new ArrayList<>();
            for (int i = 0; i < sinces.size(); i++) {
                figures.add(new Figures(row.getLong("sent" + i), row.getLong("costed" + i), row.getLong("input" + i),
                        row.getLong("output" + i), row.getLong("usage_check" + i), row.getLong("in_flight" + i)));
            }
            return figures;
        }).single();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    /**
     * @param messagesSent       results for which a paid message went out
     * @param messagesWithCost   those whose answer reported its tokens
     * @param avoidedUsageCheck  results of a usage check that found a window open: no message
     * @param avoidedInFlight    duplicate requests answered IN_FLIGHT: no message
     */
    record Figures(long messagesSent, long messagesWithCost, long inputTokens, long outputTokens,
            long avoidedUsageCheck, long avoidedInFlight) {
    }
}
