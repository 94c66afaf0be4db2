-- One claim per account on the window being refreshed (docs/internals.md, "Claims"). The credentials endpoint
-- records it, in the transaction that decides to answer ELIGIBLE, before a worker may spend a message; a second
-- request for the same window while it lives is answered IN_FLIGHT. A result for the claiming refresh releases it.
-- claim_refresh_id IS NULL means no claim; claim_window_reset_at may be null (a window never seen).
ALTER TABLE account
    ADD COLUMN claim_refresh_id        uuid,
    ADD COLUMN claim_window_reset_at   timestamptz,
    ADD COLUMN claimed_at              timestamptz,
    ADD COLUMN claim_expires_at        timestamptz,
    -- The claim replaced one that expired without a result: its worker must verify before sending.
    ADD COLUMN claim_verify_first      boolean       NOT NULL DEFAULT false,
    -- Credentials or endpoint changed since the last claim: failures of earlier claims are history.
    ADD COLUMN claims_voided           boolean       NOT NULL DEFAULT false,
    -- When the claims of the last hour were granted (epoch milliseconds, comma-separated, oldest first, at most
    -- autorefresh.refresh.max-messages-per-hour of them): the hard bound on paid messages per account and hour.
    ADD COLUMN recent_claims           varchar(400),
    -- 429/529 answers in a row that gave no usable wait: the floor grows with each.
    ADD COLUMN rate_limited_streak     integer       NOT NULL DEFAULT 0,
    -- Set when a sent message's answer carried no subscription window (an API-key account): no more messages
    -- until the credentials or the endpoint change or auto-refresh is enabled again.
    ADD COLUMN no_window_reason        varchar(500),
    ADD CONSTRAINT account_claim_complete CHECK (
        claim_refresh_id IS NULL OR (claimed_at IS NOT NULL AND claim_expires_at IS NOT NULL));

-- The view and its partial index leave out accounts without a usage window. Index predicate and view WHERE stay
-- identical, or the planner stops using the index.
DROP INDEX account_due_idx;
CREATE INDEX account_due_idx ON account (next_refresh_at)
    WHERE auto_refresh_enabled
      AND provider = 'anthropic'
      AND NOT requires_reauth
      AND (NOT paused OR pause_reason = 'failure_threshold')
      AND no_window_reason IS NULL
      AND next_refresh_at IS NOT NULL;

CREATE OR REPLACE VIEW refresh_candidate AS
SELECT id, name, rate_limit_reset, next_refresh_at
FROM account
WHERE auto_refresh_enabled
  AND provider = 'anthropic'
  AND NOT requires_reauth
  AND (NOT paused OR pause_reason = 'failure_threshold')
  AND no_window_reason IS NULL
  AND next_refresh_at IS NOT NULL;

-- History says where each window came from.
ALTER TABLE refresh_attempt
    ADD COLUMN window_source   varchar(32),
    ADD COLUMN usage_check     varchar(32),
    ADD COLUMN window_reset_at timestamptz,
    -- false: the result was for a window or claim that was no longer current; kept as history, changed nothing.
    ADD COLUMN applied         boolean      NOT NULL DEFAULT true;
