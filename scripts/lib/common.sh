# Shared by scripts/test, scripts/local and .ci/run: find Java 25, install missing OS packages.
# shellcheck shell=bash

log() { printf '[auto-refresh] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# Java 25: JAVA_HOME if it is 25, else the Temurin 25 install these machines have.
use_java25() {
  local candidate
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/java-25-openjdk-amd64; do
    if [[ -n "$candidate" && -x "$candidate/bin/java" ]] \
      && "$candidate/bin/java" -version 2>&1 | grep -q 'version "25'; then
      export JAVA_HOME="$candidate"
      export PATH="$JAVA_HOME/bin:$PATH"
      export MAVEN_OPTS="${MAVEN_OPTS:---sun-misc-unsafe-memory-access=allow}"
      return 0
    fi
  done
  die "Java 25 is required: install Temurin 25 (e.g. /usr/lib/jvm/temurin-25-jdk-amd64) or set JAVA_HOME to a JDK 25."
}

APT_UPDATED=0
# ensure_package <command-or-path-to-check> <debian-package>
ensure_package() {
  local probe="$1" package="$2"
  if [[ "$probe" == /* ]]; then
    [[ -e "$probe" ]] && return 0
  else
    command -v "$probe" >/dev/null 2>&1 && return 0
  fi
  if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
    die "$package is missing and cannot be installed here (needs root and apt-get): install it, then retry."
  fi
  if [[ $APT_UPDATED -eq 0 ]]; then
    log "apt-get update"
    DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null
    APT_UPDATED=1
  fi
  log "installing $package"
  # Packages must not start system services we do not own (no systemd here; init.d would start rabbitmq).
  printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$package" >/dev/null
  rm -f /usr/sbin/policy-rc.d
}

# The broker and the database, from the OS packages.
ensure_infrastructure_packages() {
  ensure_package /usr/lib/rabbitmq/bin/rabbitmq-server rabbitmq-server
  if ! compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null; then
    ensure_package /usr/lib/postgresql/15/bin/initdb postgresql
  fi
}

ensure_test_packages() {
  ensure_infrastructure_packages
  # The dashboard's browser test drives the Debian chromium (headless, through Playwright).
  ensure_package /usr/bin/chromium chromium
  # deploy-tests check the alert rules and run their unit tests with promtool (Debian's prometheus package).
  ensure_package promtool prometheus
  # deploy-tests run shellcheck on every shell script of the repository.
  ensure_package shellcheck shellcheck
}

# What scripts/local, scripts/smoke-local and the compose check use (no browser: only the tests need one).
ensure_stack_packages() {
  ensure_infrastructure_packages
  ensure_package curl curl
  ensure_package jq jq
}

ensure_compose_package() {
  if ! command -v docker-compose >/dev/null 2>&1 && ! docker compose version >/dev/null 2>&1; then
    ensure_package docker-compose docker-compose
  fi
}

# A random secret: 48 hex digits from the kernel's generator (no openssl needed).
random_secret() {
  od -An -tx1 -N24 /dev/urandom | tr -d ' \n'
}

# A fresh value for the generated secret NAME: the api-service's encryption key has its own shape,
# <id>:<base64 of 32 random bytes>; every other secret is random_secret.
new_secret() {
  if [[ "$1" == AUTOREFRESH_ENCRYPTION_KEYS ]]; then
    printf 'k1:%s' "$(head -c 32 /dev/urandom | base64 -w0)"
  else
    random_secret
  fi
}

# True when something accepts connections on 127.0.0.1:<port>.
port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}
