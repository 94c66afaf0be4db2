-- Account state, owned by the api-service. Every other service sees it only through the
-- refresh_candidate view (scheduler), the REST API, or the internal credentials endpoint (workers).

CREATE TABLE account (
    id                     uuid          PRIMARY KEY,
    name                   varchar(100)  NOT NULL,
    provider               varchar(32)   NOT NULL DEFAULT 'anthropic',

    -- Credentials: an API key, or OAuth tokens with an expiry. Never leave this schema except to a worker.
    api_key                text,
    access_token           text,
    refresh_token          text,
    token_expires_at       timestamptz,

    priority               integer       NOT NULL DEFAULT 0,
    paused                 boolean       NOT NULL DEFAULT false,
    pause_reason           varchar(64),
    auto_refresh_enabled   boolean       NOT NULL DEFAULT false,
    auto_fallback_enabled  boolean       NOT NULL DEFAULT false,
    custom_endpoint        varchar(2048),

    -- The usage window, as last reported by upstream.
    rate_limit_reset       timestamptz,
    rate_limit_status      varchar(64),
    rate_limit_remaining   integer,

    -- When the scheduler should next act: window reset + grace, a retry time, or now for a window never seen.
    next_refresh_at        timestamptz,

    -- Refresh state.
    consecutive_failures   integer       NOT NULL DEFAULT 0,
    unmoved_retries        integer       NOT NULL DEFAULT 0,
    last_refresh_at        timestamptz,
    last_refresh_outcome   varchar(32),
    last_refresh_error     varchar(500),
    requires_reauth        boolean       NOT NULL DEFAULT false,

    created_at             timestamptz   NOT NULL DEFAULT now(),
    updated_at             timestamptz   NOT NULL DEFAULT now(),
    version                bigint        NOT NULL DEFAULT 0,

    CONSTRAINT account_name_unique UNIQUE (name),
    CONSTRAINT account_name_shape CHECK (name ~ '^[A-Za-z0-9 ._-]{1,100}$'),
    CONSTRAINT account_priority_range CHECK (priority BETWEEN 0 AND 100),
    CONSTRAINT account_has_credentials CHECK (api_key IS NOT NULL OR access_token IS NOT NULL),
    CONSTRAINT account_failures_not_negative CHECK (consecutive_failures >= 0 AND unmoved_retries >= 0)
);

-- Serves "eligible and due" (the view below, ordered by next_refresh_at) without touching ineligible rows.
-- The predicate must stay identical to the view's WHERE clause for the planner to use it.
CREATE INDEX account_due_idx ON account (next_refresh_at)
    WHERE auto_refresh_enabled
      AND provider = 'anthropic'
      AND NOT requires_reauth
      AND (NOT paused OR pause_reason = 'failure_threshold')
      AND next_refresh_at IS NOT NULL;

CREATE TABLE refresh_attempt (
    id                     bigint        GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    refresh_id             uuid          NOT NULL,
    account_id             uuid          NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    outcome                varchar(32)   NOT NULL,
    http_status            integer,
    error                  varchar(500),
    previous_reset_at      timestamptz,
    new_reset_at           timestamptz,
    rate_limit_status      varchar(64),
    rate_limit_remaining   integer,
    model                  varchar(100),
    worker_id              varchar(200),
    latency_ms             bigint,
    sent_at                timestamptz   NOT NULL,
    recorded_at            timestamptz   NOT NULL DEFAULT now(),

    -- The idempotency key: a redelivered result finds its attempt already recorded.
    CONSTRAINT refresh_attempt_refresh_id_unique UNIQUE (refresh_id)
);

CREATE INDEX refresh_attempt_account_idx ON refresh_attempt (account_id, sent_at DESC);
CREATE INDEX refresh_attempt_recorded_idx ON refresh_attempt (recorded_at);

-- What the scheduler may see: eligible accounts and when they are due. No secret column, ever.
-- Accounts paused by the failure threshold stay visible: they are probed at their next_refresh_at.
CREATE VIEW refresh_candidate AS
SELECT id, name, rate_limit_reset, next_refresh_at
FROM account
WHERE auto_refresh_enabled
  AND provider = 'anthropic'
  AND NOT requires_reauth
  AND (NOT paused OR pause_reason = 'failure_threshold')
  AND next_refresh_at IS NOT NULL;

-- A group role that can read the view and nothing else of this schema. The scheduler's login role is
-- made a member of it by whoever provisions the database (compose init script, scripts/local), so no
-- password lives in a migration.
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'refresh_candidate_reader') THEN
        CREATE ROLE refresh_candidate_reader NOLOGIN;
    END IF;
END
$$;

GRANT USAGE ON SCHEMA ${flyway:defaultSchema} TO refresh_candidate_reader;
GRANT SELECT ON refresh_candidate TO refresh_candidate_reader;
