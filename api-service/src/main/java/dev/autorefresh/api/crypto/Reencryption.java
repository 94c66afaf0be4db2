package dev.autorefresh.api.crypto;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.HashMap;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Moves every stored secret to the active key: older keys' ciphertexts and plaintext written before encryption
 * existed. Works on raw columns, because the entity only sees plain values and would not know a value is stale.
 * Each row is written with a compare-and-set on its old values, so a row the service changed meanwhile (and so
 * already wrote under the active key) is left alone; the pass can run beside live replicas and be repeated.
 */
@Component
public class Reencryption {

    private static final Logger log = LoggerFactory.getLogger(Reencryption.class);
    private static final int BATCH = 200;
    private static final String[] COLUMNS = {"api_key", "access_token", "refresh_token"};

    private final JdbcTemplate jdbc;
    private final SecretCipher cipher;

    Reencryption(JdbcTemplate jdbc, SecretCipher cipher) {
        this.jdbc = jdbc;
        this.cipher = cipher;
    }

    /** @param rewritten rows re-encrypted; @param skipped rows changed meanwhile (already current) */
    public record Result(int scanned, int rewritten, int skipped) {
    }

    public Result run() {
        Result accounts = run(ACCOUNTS);
        Result webhooks = run(WEBHOOKS);
        return new Result(accounts.scanned() + webhooks.scanned(), accounts.rewritten() + webhooks.rewritten(),
                accounts.skipped() + webhooks.skipped());
    }

    /** A table holding secret columns, keyed by a uuid {@code id}. */
    private record Table(String name, String what, String[] columns) {
    }

    private static final Table ACCOUNTS = new Table("api.account", "account(s)", COLUMNS);
    // Notification webhooks: the URL (its path is a credential) and the signing secret.
    private static final Table WEBHOOKS = new Table("api.notification_webhook", "webhook(s)",
            new String[] {"url", "signing_secret"});

    private Result run(Table table) {
        int scanned = 0;
        int rewritten = 0;
        int skipped = 0;
        UUID after = new UUID(0, 0); // PostgreSQL orders uuids as unsigned bytes: this is the smallest
        List<Row> batch;
        do {
            batch = jdbc.query("select id, " + String.join(", ", table.columns()) + " from " + table.name()
                            + " where id > ? order by id limit " + BATCH,
                    (rs, n) -> {
                        String[] stored = new String[table.columns().length];
                        for (int i = 0; i < stored.length; i++) {
                            stored[i] = rs.getString(table.columns()[i]);
                        }
                        return new Row(rs.getObject("id", UUID.class), stored);
                    },
                    after);
            for (Row row : batch) {
                scanned++;
                if (Arrays.stream(row.stored()).allMatch(cipher::isCurrent)) {
                    continue;
                }
                if (rewrite(table, row)) {
                    rewritten++;
                } else {
                    skipped++;
                }
            }
            if (!batch.isEmpty()) {
                after = batch.getLast().id();
            }
        } while (batch.size() == BATCH);
        log.info("Re-encryption with key '{}': {} {} scanned, {} re-encrypted, {} changed meanwhile "
                + "(already current)", cipher.activeKeyId(), scanned, table.what(), rewritten, skipped);
        return new Result(scanned, rewritten, skipped);
    }

    /** How many stored secrets each key holds ("" = plaintext from before encryption). */
    public Map<String, Integer> census() {
        var counts = new HashMap<String, Integer>();
        jdbc.query("select v from (select api_key v from api.account union all select access_token from api.account"
                        + " union all select refresh_token from api.account union all select url from"
                        + " api.notification_webhook union all select signing_secret from api.notification_webhook) s"
                        + " where v is not null",
                rs -> {
                    counts.merge(SecretCipher.keyIdOf(rs.getString(1)), 1, Integer::sum);
                });
        return Map.copyOf(counts);
    }

    private boolean rewrite(Table table, Row row) {
        var values = new ArrayList<Object>();
        for (String stored : row.stored()) {
            // Decrypting fails loudly for a value under an unconfigured key: better than skipping it silently.
            values.add(cipher.isCurrent(stored) ? stored : cipher.encrypt(cipher.decrypt(stored)));
        }
        values.add(row.id());
        values.addAll(Arrays.asList(row.stored()));
        String set = String.join(", ", Arrays.stream(table.columns()).map(c -> c + " = ?").toList());
        String unchanged = String.join(" and ", Arrays.stream(table.columns())
                .map(c -> c + " is not distinct from ?").toList());
        return jdbc.update("update " + table.name() + " set " + set + " where id = ? and " + unchanged,
                values.toArray()) == 1;
    }

    private record Row(UUID id, String[] stored) {
    }
}
