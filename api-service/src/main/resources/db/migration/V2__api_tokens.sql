-- Who may call the REST API and the dashboard. A token itself is never stored: only its SHA-256, which is
-- enough for a 256-bit random token (see ApiTokens), and a short prefix people can recognise it by.

CREATE TABLE api_token (
    id            uuid          PRIMARY KEY,
    name          varchar(100)  NOT NULL,
    role          varchar(16)   NOT NULL CHECK (role IN ('ADMIN', 'VIEWER')),
    token_hash    char(64)      NOT NULL UNIQUE,
    token_prefix  varchar(16)   NOT NULL,
    created_at    timestamptz   NOT NULL,
    created_by    varchar(100)  NOT NULL,
    -- Written at most once a minute per token, not on every request.
    last_used_at  timestamptz,
    revoked_at    timestamptz
);

-- A name names one live token, so the command line can revoke by name.
CREATE UNIQUE INDEX api_token_active_name ON api_token (name) WHERE revoked_at IS NULL;
