-- Who changed what on an account, and when. Written in the same transaction as the change it describes, so a
-- change that rolled back leaves no entry. No foreign key: the entries of a deleted account stay, deletion included.
-- Never a secret: credentials changes are recorded as "replaced" with the authentication type only.

CREATE TABLE account_audit (
    id            bigint        GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id    uuid          NOT NULL,
    account_name  varchar(100)  NOT NULL,
    actor         varchar(200)  NOT NULL,
    action        varchar(64)   NOT NULL,
    -- JSON object: {"field": {"before": ..., "after": ...}} for non-secret fields.
    changes       text          NOT NULL,
    at            timestamptz   NOT NULL
);

CREATE INDEX account_audit_account_idx ON account_audit (account_id, at DESC, id DESC);
CREATE INDEX account_audit_at_idx ON account_audit (at DESC, id DESC);
