-- An OAuth token rotation calls the token endpoint outside any transaction, behind a marker committed first:
-- started_at / deadline say a rotation is in flight and until when it may still finish. A marker past its
-- deadline means the process died, or the new tokens could not be stored after the provider had rotated the
-- refresh token: the stored refresh token is then probably dead, so the account is shown as
-- "token rotation interrupted" (and blocked, requires_reauth) until a person replaces its credentials.
ALTER TABLE account
    ADD COLUMN token_rotation_started_at  timestamptz,
    ADD COLUMN token_rotation_deadline    timestamptz,
    ADD COLUMN token_rotation_interrupted boolean NOT NULL DEFAULT false,
    ADD CONSTRAINT account_token_rotation_marker
        CHECK ((token_rotation_started_at IS NULL) = (token_rotation_deadline IS NULL));
