-- true while rate_limit_reset is our estimate (a claim taken as sent, or a 2xx without a readable reset) rather than
-- a reset upstream reported. A reported window replaces an estimate even when it resets earlier: a result that
-- arrives after its claim was taken as sent corrects the guess instead of leaving the account waiting on it.
ALTER TABLE account ADD COLUMN window_estimated boolean NOT NULL DEFAULT false;
