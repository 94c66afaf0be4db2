WITH due AS (
    SELECT c.id, c.name, c.rate_limit_reset, c.next_refresh_at
    FROM api.refresh_candidate c
    WHERE c.next_refresh_at <= now()
      AND NOT EXISTS (
          SELECT 1 FROM scheduler.dispatch l
          WHERE l.account_id = c.id AND l.due_at = c.next_refresh_at AND l.lease_until > now())
    ORDER BY c.next_refresh_at, c.id
    LIMIT :batchSize
), claimed AS (
    INSERT INTO scheduler.dispatch AS d (account_id, due_at, refresh_id, attempt, dispatched_at, lease_until)
    SELECT id, next_refresh_at, gen_random_uuid(), 1, now(), now() + make_interval(secs => :leaseSeconds)
    FROM due
    ON CONFLICT (account_id, due_at) DO UPDATE
        SET refresh_id = EXCLUDED.refresh_id,
            attempt = d.attempt + 1,
            dispatched_at = EXCLUDED.dispatched_at,
            lease_until = EXCLUDED.lease_until
        WHERE d.lease_until <= now()
    RETURNING d.account_id, d.due_at, d.refresh_id, d.attempt, d.dispatched_at
)
SELECT claimed.refresh_id, claimed.account_id, due.name, due.rate_limit_reset, claimed.attempt,
       claimed.due_at, claimed.dispatched_at
FROM claimed JOIN due ON due.id = claimed.account_id
ORDER BY claimed.due_at, claimed.account_id
