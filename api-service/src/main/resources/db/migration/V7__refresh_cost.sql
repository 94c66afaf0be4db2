-- What each dummy message cost, as its answer's usage object said; null for a usage check (nothing was sent), a
-- failure, or a worker that did not report it.
ALTER TABLE refresh_attempt
    ADD COLUMN input_tokens  integer,
    ADD COLUMN output_tokens integer,
    ADD CONSTRAINT refresh_attempt_tokens_not_negative CHECK (input_tokens >= 0 AND output_tokens >= 0);

-- Refreshes that spent nothing because a duplicate request for a window found its claim alive (answered IN_FLIGHT).
-- Refreshes avoided by the usage check are already refresh_attempt rows (window_source = 'USAGE_CHECK').
-- Written in the credentials decision's own transaction; deleted with the account.
CREATE TABLE refresh_avoided (
    id          bigint        GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id  uuid          NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    refresh_id  uuid          NOT NULL,
    reason      varchar(32)   NOT NULL CHECK (reason IN ('IN_FLIGHT')),
    at          timestamptz   NOT NULL
);

-- Totals over a period (GET /api/cost) and one account's figures (GET /api/accounts/{id}/cost).
CREATE INDEX refresh_avoided_at_idx ON refresh_avoided (at);
CREATE INDEX refresh_avoided_account_idx ON refresh_avoided (account_id, at);
-- Per-account cost over a period reads an account's attempts by recorded_at (the totals use refresh_attempt_recorded_idx).
CREATE INDEX refresh_attempt_account_recorded_idx ON refresh_attempt (account_id, recorded_at);
