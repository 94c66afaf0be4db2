-- Notifications when an account needs a person, and when it recovers (docs/notifications.md).

-- Where notifications go. The URL is a secret (a Slack incoming webhook's path is its credential) and the signing
-- secret too: both encrypted like account credentials (SecretCipher). Listings show the origin only.
CREATE TABLE notification_webhook (
    id              uuid          PRIMARY KEY,
    kind            varchar(16)   NOT NULL CHECK (kind IN ('JSON', 'SLACK')),
    url             text          NOT NULL,
    origin          varchar(300)  NOT NULL,
    signing_secret  text          NOT NULL,
    created_at      timestamptz   NOT NULL
);

-- The outbox: one row per change of an account's attention state and webhook, written by the trigger below in the
-- same transaction as the change, so a change that commits is never without its notification and one that rolls
-- back never has one. A sender delivers and marks the row; a crash before the mark means one more delivery of the
-- same event id (at least once), never none. No foreign key to the account: its deletion does not unsay the event.
CREATE TABLE notification_outbox (
    id               bigint        GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id         uuid          NOT NULL,
    webhook_id       uuid          NOT NULL REFERENCES notification_webhook (id) ON DELETE CASCADE,
    account_id       uuid          NOT NULL,
    account_name     varchar(100)  NOT NULL,
    state            varchar(32)   NOT NULL,
    previous_state   varchar(32)   NOT NULL,
    reason           varchar(500),
    occurred_at      timestamptz   NOT NULL,
    attempts         integer       NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz   NOT NULL,
    delivered_at     timestamptz,
    gave_up_at       timestamptz,
    last_error       varchar(300),
    CONSTRAINT notification_outbox_once UNIQUE (event_id, webhook_id)
);

-- What the sender looks for: undelivered rows whose time has come.
CREATE INDEX notification_outbox_due_idx ON notification_outbox (next_attempt_at)
    WHERE delivered_at IS NULL AND gave_up_at IS NULL;
-- Deleting a webhook deletes its rows.
CREATE INDEX notification_outbox_webhook_idx ON notification_outbox (webhook_id);
-- The sender keeps each account's notifications in order per webhook: "is an earlier one still pending?"
CREATE INDEX notification_outbox_order_idx ON notification_outbox (webhook_id, account_id, id)
    WHERE delivered_at IS NULL AND gave_up_at IS NULL;

-- An account's attention state: whether it needs a person, and why. The first that applies wins.
CREATE FUNCTION account_attention(token_rotation_interrupted boolean, requires_reauth boolean, paused boolean,
                                  pause_reason varchar, no_window_reason varchar)
    RETURNS varchar LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE
        WHEN token_rotation_interrupted THEN 'TOKEN_ROTATION_INTERRUPTED'
        WHEN requires_reauth THEN 'REAUTH_REQUIRED'
        WHEN paused AND pause_reason = 'failure_threshold' THEN 'PAUSED_BY_FAILURES'
        WHEN no_window_reason IS NOT NULL THEN 'NO_USAGE_WINDOW'
        ELSE 'OK'
    END
$$;

-- In the database rather than in each Java path that changes an account (results, claims, token rotation, the REST
-- API): every path is covered, including one added later, and the row is in the change's own transaction.
CREATE FUNCTION account_attention_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    before_state varchar := ${flyway:defaultSchema}.account_attention(OLD.token_rotation_interrupted,
        OLD.requires_reauth, OLD.paused, OLD.pause_reason, OLD.no_window_reason);
    after_state varchar := ${flyway:defaultSchema}.account_attention(NEW.token_rotation_interrupted,
        NEW.requires_reauth, NEW.paused, NEW.pause_reason, NEW.no_window_reason);
    event uuid := gen_random_uuid();
BEGIN
    INSERT INTO ${flyway:defaultSchema}.notification_outbox
        (event_id, webhook_id, account_id, account_name, state, previous_state, reason, occurred_at, next_attempt_at)
    SELECT event, webhook.id, NEW.id, NEW.name, after_state, before_state,
           CASE after_state
               WHEN 'OK' THEN NULL
               WHEN 'NO_USAGE_WINDOW' THEN left(NEW.no_window_reason, 500)
               ELSE left(NEW.last_refresh_error, 500)
           END,
           clock_timestamp(), clock_timestamp()
    FROM ${flyway:defaultSchema}.notification_webhook webhook;
    RETURN NULL;
END
$$;

-- The WHEN clause keeps the common update (a window moved) from calling the function at all.
CREATE TRIGGER account_attention_notification
    AFTER UPDATE ON account
    FOR EACH ROW
    WHEN (account_attention(OLD.token_rotation_interrupted, OLD.requires_reauth, OLD.paused, OLD.pause_reason,
                            OLD.no_window_reason)
          IS DISTINCT FROM
          account_attention(NEW.token_rotation_interrupted, NEW.requires_reauth, NEW.paused, NEW.pause_reason,
                            NEW.no_window_reason))
    EXECUTE FUNCTION account_attention_changed();
