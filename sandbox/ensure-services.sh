#!/usr/bin/env bash
# A private RabbitMQ node and a private PostgreSQL cluster for `harness grade --engine celery`.
#
#   ensure-services.sh start DATA_DIR AMQP_PORT PG_PORT   # installs what is missing, starts, waits
#   ensure-services.sh stop  DATA_DIR                     # stops exactly what `start` started there
#   ensure-services.sh ctl   DATA_DIR ARGS...             # rabbitmqctl on that node
#   ensure-services.sh pg    DATA_DIR ARGS...             # pg_ctl on that cluster (restart ...)
#   ensure-services.sh install                            # only the Debian packages
#
# Both bind 127.0.0.1 on the ports given, keep their data under DATA_DIR, and run as their
# own users (rabbitmq, postgres).  Erlang's port mapper gets a private port too
# (ERL_EPMD_PORT = AMQP_PORT + 2), so two runs on one machine never share a node.  `start`
# writes DATA_DIR/env with HARNESS_BROKER_URL and HARNESS_DATABASE_URL for the shell.
# PostgreSQL trusts loopback connections: this is a private, single-user setup.
set -euo pipefail

PG_BIN=/usr/lib/postgresql/15/bin
# The real scripts, not the /usr/sbin wrappers: those cd to /var/lib/rabbitmq and take its cookie.
RABBIT_BIN=/usr/lib/rabbitmq/bin
CONSUMER_TIMEOUT_MS=7200000  # 2 h: far above the longest grade (see harness/distributed/app.py)

die() { echo "ensure-services: $*" >&2; exit 1; }

install_packages() {
  local missing=()
  [ -x "$RABBIT_BIN/rabbitmq-server" ] || missing+=(rabbitmq-server)
  [ -x "$PG_BIN/initdb" ] || missing+=(postgresql)
  [ ${#missing[@]} -eq 0 ] && return 0
  [ "$(id -u)" = 0 ] && [ -f /etc/debian_version ] \
    || die "missing ${missing[*]}: install them (apt-get install ${missing[*]})"
  echo "installing ${missing[*]} from Debian's packages" >&2
  apt-get update -q >/dev/null
  # The packages' own services must not start: we run private instances only.
  printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >/dev/null
  rm -f /usr/sbin/policy-rc.d
}

rabbit_env() {  # the variables that make a node private; $1 = DATA_DIR, $2 = AMQP_PORT
  export RABBITMQ_NODENAME="harness-$2@localhost" RABBITMQ_NODE_IP_ADDRESS=127.0.0.1
  export RABBITMQ_NODE_PORT="$2" RABBITMQ_DIST_PORT="$(($2 + 1))" ERL_EPMD_PORT="$(($2 + 2))"
  export ERL_EPMD_ADDRESS=127.0.0.1 RABBITMQ_MNESIA_BASE="$1/rabbitmq/mnesia"
  export RABBITMQ_LOG_BASE="$1/rabbitmq/log" RABBITMQ_CONFIG_FILE="$1/rabbitmq/rabbitmq.conf"
  export RABBITMQ_ENABLED_PLUGINS_FILE="$1/rabbitmq/enabled_plugins"
  export RABBITMQ_PID_FILE="$1/rabbitmq/pid" HOME="$1/rabbitmq"  # HOME holds the node's cookie
  # Erlang distribution on loopback too (it listens on every interface by default).
  export RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
}

as_user() {  # run "$@" as user $1 with the current environment
  local user=$1; shift
  if [ "$(id -un)" = "$user" ]; then "$@"; else runuser -u "$user" --preserve-environment -- "$@"; fi
}

start_rabbit() {
  local dir=$1 port=$2
  rabbit_env "$dir" "$port"
  mkdir -p "$dir/rabbitmq/mnesia" "$dir/rabbitmq/log"
  cat >"$RABBITMQ_CONFIG_FILE" <<EOF
listeners.tcp.default = 127.0.0.1:$port
loopback_users.guest = true
consumer_timeout = $CONSUMER_TIMEOUT_MS
log.console = false
EOF
  echo "[]." >"$RABBITMQ_ENABLED_PLUGINS_FILE"
  [ "$(id -u)" = 0 ] && chown -R rabbitmq:rabbitmq "$dir/rabbitmq"
  as_user rabbitmq test -w "$dir/rabbitmq" \
    || die "user rabbitmq cannot write $dir/rabbitmq: is a parent folder private (mode 0700)?"
  as_user rabbitmq "$RABBIT_BIN/rabbitmq-server" >"$dir/rabbitmq/log/stdout.log" 2>&1 </dev/null &
  local server=$!
  for _ in $(seq 60); do
    as_user rabbitmq "$RABBIT_BIN/rabbitmq-diagnostics" -q -n "$RABBITMQ_NODENAME" check_port_connectivity \
      >/dev/null 2>&1 && return 0
    kill -0 "$server" 2>/dev/null || die "RabbitMQ exited at start; see $dir/rabbitmq/log"
    sleep 0.5
  done
  die "RabbitMQ did not become ready; see $dir/rabbitmq/log"
}

start_postgres() {
  local dir=$1 port=$2 pg="$1/postgres"
  mkdir -p "$pg"
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$pg"
  as_user postgres test -w "$pg" \
    || die "user postgres cannot write $pg: is a parent folder private (mode 0700)?"
  [ -f "$pg/data/PG_VERSION" ] || as_user postgres "$PG_BIN/initdb" -D "$pg/data" -A trust -U postgres >"$pg/initdb.log"
  as_user postgres "$PG_BIN/pg_ctl" -D "$pg/data" -w -t 60 -l "$pg/log" \
    -o "-p $port -k $pg -c listen_addresses=127.0.0.1" start >/dev/null \
    || die "PostgreSQL did not start; see $pg/log"
  echo "$port" >"$pg/port"
}

stop_all() {
  local dir=$1
  if [ -f "$dir/rabbitmq/port" ]; then
    rabbit_env "$dir" "$(cat "$dir/rabbitmq/port")"
    # With the pid file of a live node, stop returns once its process has ended (not just
    # agreed to); without one (a start that failed), rabbitmqctl would wait for it to appear.
    local pidfile=()
    [ -s "$RABBITMQ_PID_FILE" ] && kill -0 "$(cat "$RABBITMQ_PID_FILE")" 2>/dev/null \
      && pidfile=("$RABBITMQ_PID_FILE")
    as_user rabbitmq timeout 90 "$RABBIT_BIN/rabbitmqctl" -q -n "$RABBITMQ_NODENAME" stop \
      "${pidfile[@]}" >/dev/null 2>&1 || true
    # Only our private epmd, and only once no node is registered in it: epmd refuses -kill
    # while one is, so another run's epmd on a clashing port is never ended from here.
    for _ in $(seq 20); do
      epmd -port "$ERL_EPMD_PORT" -names >/dev/null 2>&1 || break  # none running there
      epmd -port "$ERL_EPMD_PORT" -names 2>/dev/null | grep -q "^name " && break  # in use: leave it
      epmd -port "$ERL_EPMD_PORT" -kill >/dev/null 2>&1 || true
      sleep 0.25
    done
  fi
  if [ -f "$dir/postgres/data/postmaster.pid" ]; then
    as_user postgres "$PG_BIN/pg_ctl" -D "$dir/postgres/data" -m fast -w stop >/dev/null 2>&1 || true
  fi
}

case "${1:-}" in
  install) install_packages ;;
  start)
    [ $# -eq 4 ] || die "usage: $0 start DATA_DIR AMQP_PORT PG_PORT"
    dir=$(realpath -m "$2"); install_packages
    mkdir -p "$dir" && chmod 755 "$dir"
    # The port first: a start that fails half-way is still stopped by `stop DIR`.
    mkdir -p "$dir/rabbitmq" && echo "$3" >"$dir/rabbitmq/port"
    start_rabbit "$dir" "$3"
    start_postgres "$dir" "$4"
    cat >"$dir/env" <<EOF
export HARNESS_BROKER_URL=amqp://guest:guest@127.0.0.1:$3//
export HARNESS_DATABASE_URL=postgresql://postgres@127.0.0.1:$4/postgres
export HARNESS_RABBIT_NODE=$RABBITMQ_NODENAME
EOF
    echo "broker and database ready: source $dir/env" ;;
  ctl)  # rabbitmqctl against the node started in DATA_DIR, e.g. `ctl DIR stop_app`
    [ $# -ge 3 ] || die "usage: $0 ctl DATA_DIR ARGS..."
    dir=$(realpath -m "$2"); shift 2
    rabbit_env "$dir" "$(cat "$dir/rabbitmq/port")"
    as_user rabbitmq "$RABBIT_BIN/rabbitmqctl" -q -n "$RABBITMQ_NODENAME" "$@" ;;
  pg)  # pg_ctl against the cluster started in DATA_DIR, e.g. `pg DIR restart`
    [ $# -ge 3 ] || die "usage: $0 pg DATA_DIR ARGS..."
    dir=$(realpath -m "$2"); shift 2
    as_user postgres "$PG_BIN/pg_ctl" -D "$dir/postgres/data" -w -m fast "$@" >/dev/null ;;
  stop)
    [ $# -eq 2 ] || die "usage: $0 stop DATA_DIR"
    stop_all "$(realpath -m "$2")" ;;
  *) die "usage: $0 install | start DATA_DIR AMQP_PORT PG_PORT | stop DATA_DIR | ctl|pg DATA_DIR ARGS" ;;
esac
