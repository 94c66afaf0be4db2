#!/bin/sh
# The broker container's entrypoint under docker compose: starts RabbitMQ as the image would, then, once it answers,
# provisions the vhost and the service users (provision.sh, beside this file) with the passwords from .env. The
# healthcheck reports healthy only after that, so no service connects before its user exists.
set -eu

marker=/var/lib/rabbitmq/.autorefresh-provisioned
rm -f "$marker"

docker-entrypoint.sh rabbitmq-server &
server=$!
trap 'kill -TERM "$server" 2> /dev/null || true' TERM INT

# The CLI runs as the broker's own user and only once the node has written its Erlang cookie: a CLI started
# first, as root, would create a cookie the node cannot read.
cli() {
  gosu rabbitmq "$@"
}
until [ -f /var/lib/rabbitmq/.erlang.cookie ] && cli rabbitmq-diagnostics -q check_running > /dev/null 2>&1; do
  if ! kill -0 "$server" 2> /dev/null; then
    wait "$server"
    exit $?
  fi
  sleep 2
done
RABBITMQCTL="gosu rabbitmq rabbitmqctl" sh /etc/autorefresh/rabbitmq-provision.sh
touch "$marker"
echo "autorefresh: broker users provisioned on vhost ${RABBITMQ_VHOST:-autorefresh}"

# Waits again after a TERM (the trap returns here) so the node stops cleanly before the container does.
wait "$server" || wait "$server"
