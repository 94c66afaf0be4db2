-- The database as our services expect it (docs/internals.md): a schema and a login role per service, least privilege.
--   autorefresh_api           owns schema api; its Flyway migrations create the tables and the view api.refresh_candidate
--   autorefresh_scheduler     owns schema scheduler; member of refresh_candidate_reader
--   refresh_candidate_reader  NOLOGIN; the api's migration grants it USAGE on schema api and SELECT on the view, nothing else
-- Run by the superuser, connected to the database, with the passwords as psql variables (never in this file):
--   psql -v ON_ERROR_STOP=1 -v api_password=... -v scheduler_password=... -f provision.sql
-- Used by deploy/postgres/init/10-autorefresh.sh (docker compose) and scripts/local. Safe to run again: it
-- creates what is missing and sets the passwords.

DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'autorefresh_api') THEN
    CREATE ROLE autorefresh_api;
  END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'autorefresh_scheduler') THEN
    CREATE ROLE autorefresh_scheduler;
  END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'refresh_candidate_reader') THEN
    CREATE ROLE refresh_candidate_reader NOLOGIN;
  END IF;
END
$$;

ALTER ROLE autorefresh_api LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'api_password';
ALTER ROLE autorefresh_scheduler LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'scheduler_password';
GRANT refresh_candidate_reader TO autorefresh_scheduler;

-- Only our roles may connect to the database.
REVOKE ALL ON DATABASE :"DBNAME" FROM PUBLIC;
GRANT CONNECT ON DATABASE :"DBNAME" TO autorefresh_api, autorefresh_scheduler;

CREATE SCHEMA IF NOT EXISTS api AUTHORIZATION autorefresh_api;
CREATE SCHEMA IF NOT EXISTS scheduler AUTHORIZATION autorefresh_scheduler;
