#!/bin/bash
# Runs once, on the first start of the postgres container (empty data directory), as the superuser:
# creates the schemas and the least-privilege roles our services log in with (see provision.sql).
# The passwords come from the environment (.env), never from a file in the repository.
set -euo pipefail
: "${API_DB_PASSWORD:?API_DB_PASSWORD must be set (see .env.example)}"
: "${SCHEDULER_DB_PASSWORD:?SCHEDULER_DB_PASSWORD must be set (see .env.example)}"

psql --no-psqlrc -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v api_password="$API_DB_PASSWORD" -v scheduler_password="$SCHEDULER_DB_PASSWORD" \
  -f /etc/autorefresh/provision.sql
