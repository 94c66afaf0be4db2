#!/bin/sh
# Least privilege on the broker (docs/security.md, "Broker users"): a dedicated virtual host and one user per service, none
# with the administrator tag, each limited to its own queues and the exchanges it needs, with topic permissions
# naming the routing keys it may publish. The one source for scripts/local, docker compose and the tests' broker.
# Idempotent: run it on every start; an existing user gets its password from the environment again.
#
# Environment:
#   RABBITMQCTL                   how to call rabbitmqctl (default: rabbitmqctl); word-split, so it may carry options
#   RABBITMQ_VHOST                the virtual host (default: autorefresh)
#   API_RABBITMQ_PASSWORD         password of autorefresh-api        (required)
#   SCHEDULER_RABBITMQ_PASSWORD   password of autorefresh-scheduler  (required)
#   WORKER_RABBITMQ_PASSWORD      password of autorefresh-worker     (required)
#   RABBITMQ_OPERATOR             the operator (administrator) user created by the broker's default-user settings;
#                                 when set, it gets every permission on the virtual host, for the console
# Passwords go to rabbitmqctl on standard input, never on a command line that `ps` would show.
set -eu

: "${RABBITMQCTL:=rabbitmqctl}"
: "${RABBITMQ_VHOST:=autorefresh}"
: "${API_RABBITMQ_PASSWORD:?API_RABBITMQ_PASSWORD is required}"
: "${SCHEDULER_RABBITMQ_PASSWORD:?SCHEDULER_RABBITMQ_PASSWORD is required}"
: "${WORKER_RABBITMQ_PASSWORD:?WORKER_RABBITMQ_PASSWORD is required}"

ctl() {
  # RABBITMQCTL unquoted: it may carry options (see above), split on spaces on purpose.
  # shellcheck disable=SC2086
  $RABBITMQCTL -q "$@"
}

# Resource names (regular expressions over exchange and queue names); topic permissions name the exchange itself.
EXCHANGE='autorefresh.events'
EVENTS='autorefresh\.events'
DEAD_LETTER='autorefresh\.dead-letter'

user() { # NAME PASSWORD
  if ctl list_users --no-table-headers | cut -f1 | grep -qx "$1"; then
    printf '%s' "$2" | ctl change_password "$1" > /dev/null
  else
    printf '%s' "$2" | ctl add_user "$1" > /dev/null
  fi
  # No tags: no management UI, no administrator.
  ctl set_user_tags "$1" > /dev/null
}

ctl list_vhosts --no-table-headers | grep -qx "$RABBITMQ_VHOST" || ctl add_vhost "$RABBITMQ_VHOST" > /dev/null

# api-service: declares and consumes its results queue (and its parking lot); publishes nothing.
user autorefresh-api "$API_RABBITMQ_PASSWORD"
ctl set_permissions -p "$RABBITMQ_VHOST" autorefresh-api \
  "^($EVENTS|$DEAD_LETTER|api-service\..*)\$" "^($DEAD_LETTER|api-service\..*)\$" "^($EVENTS|$DEAD_LETTER|api-service\..*)\$" > /dev/null
ctl set_topic_permissions -p "$RABBITMQ_VHOST" autorefresh-api "$EXCHANGE" '^$' '^(window\.updated|refresh\.failed)$' > /dev/null

# scheduler-service: declares the events exchange and publishes refresh.due; reads nothing.
user autorefresh-scheduler "$SCHEDULER_RABBITMQ_PASSWORD"
ctl set_permissions -p "$RABBITMQ_VHOST" autorefresh-scheduler "^$EVENTS\$" "^$EVENTS\$" '^$' > /dev/null
ctl set_topic_permissions -p "$RABBITMQ_VHOST" autorefresh-scheduler "$EXCHANGE" '^refresh\.due$' '^$' > /dev/null

# refresh-worker: declares and consumes its queue (and its parking lot); publishes window.updated and refresh.failed.
user autorefresh-worker "$WORKER_RABBITMQ_PASSWORD"
ctl set_permissions -p "$RABBITMQ_VHOST" autorefresh-worker \
  "^($EVENTS|$DEAD_LETTER|refresh-worker\..*)\$" "^($EVENTS|$DEAD_LETTER|refresh-worker\..*)\$" "^($EVENTS|$DEAD_LETTER|refresh-worker\..*)\$" > /dev/null
ctl set_topic_permissions -p "$RABBITMQ_VHOST" autorefresh-worker "$EXCHANGE" '^(window\.updated|refresh\.failed)$' '^refresh\.due$' > /dev/null

if [ -n "${RABBITMQ_OPERATOR:-}" ]; then
  ctl set_permissions -p "$RABBITMQ_VHOST" "$RABBITMQ_OPERATOR" '.*' '.*' '.*' > /dev/null
fi
