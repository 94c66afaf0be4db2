-- Schema `scheduler` belongs to the scheduler-service. Nothing else reads it.

-- ShedLock's table (JdbcTemplateLockProvider, usingDbTime): one active tick across all replicas.
-- Plain timestamps, as ShedLock writes timezone('utc', CURRENT_TIMESTAMP) into them.
CREATE TABLE shedlock (
    name        varchar(64)   PRIMARY KEY,
    lock_until  timestamp     NOT NULL,
    locked_at   timestamp     NOT NULL,
    locked_by   varchar(255)  NOT NULL
);

-- The dispatch ledger: one row per due window, keyed by the account and the next_refresh_at that made it due.
-- A retry time set by the api-service is a new due_at, hence a new row; the same due_at is dispatched again
-- (attempt + 1, new refresh_id) only once its lease has expired without the api-service moving next_refresh_at.
CREATE TABLE dispatch (
    account_id     uuid         NOT NULL,
    due_at         timestamptz  NOT NULL,
    refresh_id     uuid         NOT NULL,
    attempt        integer      NOT NULL,
    dispatched_at  timestamptz  NOT NULL,
    lease_until    timestamptz  NOT NULL,

    CONSTRAINT dispatch_pk PRIMARY KEY (account_id, due_at),
    CONSTRAINT dispatch_refresh_id_unique UNIQUE (refresh_id),
    CONSTRAINT dispatch_attempt_positive CHECK (attempt >= 1),
    CONSTRAINT dispatch_lease_after_dispatch CHECK (lease_until >= dispatched_at)
);

-- Serves the bounded purge of old rows.
CREATE INDEX dispatch_dispatched_at_idx ON dispatch (dispatched_at);
