#!/usr/bin/env bash
# services.sh — run svckit's backing services locally, for tests and examples.
#
# Usage: bash scripts/services.sh up|down|env|status
#
#   up      install what is missing (Debian, as root), start every server in the background
#           bound to 127.0.0.1 on its own non-default port, wait until each answers, and write
#           the environment to <run dir>/env. Idempotent: a server that runs and answers is kept.
#   down    stop exactly the processes that `up` started (their PIDs are in <run dir>/*.pid);
#           <run dir>/env then lists only the binaries (SVCKIT_*_BIN).
#   env     print the `export SVCKIT_...=...` lines (source them: eval "$(bash scripts/services.sh env)").
#   status  print whether each server is up or down.
#
# Servers (preferred port; the next free one is taken if it is busy):
#   nats       nats-server with JetStream             47222
#   amqp       RabbitMQ (own epmd 47369, dist 47673)  47672
#   redis      redis-server                           47379
#   etcd       etcd v3 (peer 47381)                   47380
#   zookeeper  ZooKeeper standalone                   47181
#   dns        dnsmasq, UDP and TCP                   47053
# promtool and prometheus are only installed; their paths are exported, no server is started.
#
# Nothing here uses systemd or the distribution's service scripts, and the servers the machine
# may already run on the default ports (4222, 5672/4369, 6379, ...) are never touched.
#
# State (data, logs, pid files, config, the env file) lives in ${SVCKIT_RUN_DIR:-<repo>/.services}.
#
# DNS records: dnsmasq reads every file in <run dir>/dnsmasq.d/. The default file holds
#   srv-host=_svc._tcp.svckit.test,svc.svckit.test,8080,0,0   (and the same for _api._tcp)
#   host-record=svc.svckit.test,127.0.0.1
#   address=/svckit.test/127.0.0.1
# A test that needs records of its own, or records that change, starts its own dnsmasq:
#   "$SVCKIT_DNSMASQ_BIN" --keep-in-foreground --no-resolv --no-hosts --bind-interfaces \
#     --listen-address=127.0.0.1 --port=<free port> --user=root --pid-file= \
#     --conf-file=/dev/null --conf-dir=<its dir> (or --srv-host=... on the command line)
# and sends it SIGHUP after rewriting files read via --hostsdir/--addn-hosts, or restarts it
# (srv-host records are only read at start). @svckit/testing's startProcess() does this cleanly.
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$SCRIPT_DIR/.." && pwd)
RUN_DIR=${SVCKIT_RUN_DIR:-$REPO/.services}
SERVERS=(nats amqp redis etcd zookeeper dns)
RABBIT_NODE=svckit@localhost
RABBIT_BIN=/usr/lib/rabbitmq/bin

log() { printf '[services] %s\n' "$*" >&2; }
loud() {
  printf '\n[services] !!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n' >&2
  printf '[services] !!! %s\n' "$@" >&2
  printf '[services] !!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n\n' >&2
}

# ---------------------------------------------------------------------------------------------
# Binaries
# ---------------------------------------------------------------------------------------------

find_bin() { # find_bin NAME [extra paths...] -> path or empty
  local name=$1 p
  shift
  if p=$(command -v "$name" 2>/dev/null); then
    echo "$p"
    return
  fi
  for p in "$@" "/usr/sbin/$name" "/usr/bin/$name" "/usr/local/bin/$name" "/usr/local/sbin/$name"; do
    if [[ -x $p ]]; then
      echo "$p"
      return
    fi
  done
}

nats_bin() { find_bin nats-server; }
redis_bin() { find_bin redis-server; }
redis_cli_bin() { find_bin redis-cli; }
etcd_bin() { find_bin etcd; }
etcdctl_bin() { find_bin etcdctl; }
dnsmasq_bin() { find_bin dnsmasq; }
promtool_bin() { find_bin promtool; }
prometheus_bin() { find_bin prometheus; }
java_bin() { find_bin java; }
rabbit_server_bin() { if [[ -x $RABBIT_BIN/rabbitmq-server ]]; then echo "$RABBIT_BIN/rabbitmq-server"; fi; }
zookeeper_jar() { if [[ -f /usr/share/java/zookeeper.jar ]]; then echo /usr/share/java/zookeeper.jar; fi; }
epmd_bin() {
  local p
  p=$(find_bin epmd)
  if [[ -z $p ]]; then
    local c
    for c in /usr/lib/erlang/erts-*/bin/epmd; do [[ -x $c ]] && p=$c; done
  fi
  echo "$p"
}

# Debian package that provides what a server needs, and a test that it is present.
missing_packages() {
  local pkgs=()
  [[ -n $(nats_bin) ]] || pkgs+=(nats-server)
  [[ -n $(rabbit_server_bin) ]] || pkgs+=(rabbitmq-server)
  [[ -n $(redis_bin) && -n $(redis_cli_bin) ]] || pkgs+=(redis-server redis-tools)
  [[ -n $(etcd_bin) ]] || pkgs+=(etcd-server)
  [[ -n $(etcdctl_bin) ]] || pkgs+=(etcd-client)
  [[ -n $(zookeeper_jar) ]] || pkgs+=(zookeeper)
  [[ -n $(java_bin) ]] || pkgs+=(default-jre-headless)
  [[ -n $(dnsmasq_bin) ]] || pkgs+=(dnsmasq)
  [[ -n $(promtool_bin) && -n $(prometheus_bin) ]] || pkgs+=(prometheus)
  echo "${pkgs[*]:-}"
}

install_missing() {
  local missing
  missing=$(missing_packages)
  [[ -z $missing ]] && return 0
  if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
    loud "missing packages: $missing" \
      "not root or no apt-get: cannot install them; the servers that exist are started," \
      "the tests that need the others will be skipped (and fail under CI=true)."
    return 0
  fi
  log "installing: $missing"
  # Keep the packages' own init scripts from starting system-wide copies on default ports.
  local policy=/usr/sbin/policy-rc.d created_policy=
  if [[ ! -e $policy ]]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy"
    chmod +x "$policy"
    created_policy=1
  fi
  local rc=0 pkgs
  read -r -a pkgs <<<"$missing"
  {
    apt-get update -q &&
      DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${pkgs[@]}"
  } >"$RUN_DIR/apt.log" 2>&1 || rc=$?
  [[ -n $created_policy ]] && rm -f "$policy"
  if [[ $rc -ne 0 ]]; then
    tail -n 30 "$RUN_DIR/apt.log" >&2
    loud "apt-get install failed (exit $rc); see $RUN_DIR/apt.log"
  fi
  missing=$(missing_packages)
  if [[ -n $missing ]]; then
    loud "still missing after install: $missing"
  fi
}

# ---------------------------------------------------------------------------------------------
# Ports, PIDs
# ---------------------------------------------------------------------------------------------

CLAIMED=" "

port_busy() { # port_busy PORT -> 0 when something listens on it (TCP or UDP) or we claimed it
  local p=$1
  [[ $CLAIMED == *" $p "* ]] && return 0
  [[ -n $(ss -ltnH "sport = :$p" 2>/dev/null) ]] && return 0
  [[ -n $(ss -lunH "sport = :$p" 2>/dev/null) ]] && return 0
  return 1
}

claim() { CLAIMED+="$1 "; }

# pick_port VAR PREFERRED: set VAR to the first free port >= PREFERRED, and claim it (not in a
# $(...) subshell, so that the next pick_port sees the claim).
pick_port() {
  local p=$2
  while port_busy "$p"; do
    p=$((p + 1))
  done
  claim "$p"
  printf -v "$1" '%s' "$p"
}

# A PID runs when it can be signalled and is not a zombie waiting to be reaped.
pid_alive() {
  [[ -n ${1:-} ]] && kill -0 "$1" 2>/dev/null || return 1
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 0
  stat=${stat##*) }
  [[ ${stat:0:1} != Z ]]
}

read_file() { if [[ -f $1 ]]; then cat "$1"; fi; }

port_of() { read_file "$RUN_DIR/$1.port"; }

# The start time (in clock ticks after boot) of a PID, to tell our process from an unrelated
# one that reuses its PID later (e.g. a run dir left over from before a reboot).
start_time() {
  local stat fields
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 0
  read -r -a fields <<<"${stat##*) }"
  echo "${fields[19]:-}"
}

# record_pid NAME PID: write <run dir>/NAME.pid as "PID STARTTIME".
record_pid() { echo "$2 $(start_time "$2")" >"$RUN_DIR/$1.pid"; }

# pid_of NAME: the recorded PID of NAME, or nothing when that PID now belongs to another process.
pid_of() {
  local pid start
  read -r pid start <<<"$(read_file "$RUN_DIR/$1.pid")" || true
  [[ -n ${pid:-} ]] || return 0
  if [[ -n ${start:-} && -e /proc/$pid && $(start_time "$pid") != "$start" ]]; then
    return 0
  fi
  echo "$pid"
}

# Start NAME's command in the background, in its own session, logging to <run dir>/NAME.log.
launch() {
  local name=$1
  shift
  (
    cd "$RUN_DIR"
    exec setsid "$@" </dev/null >>"$RUN_DIR/$name.log" 2>&1
  ) &
  record_pid "$name" $!
}

# The target to signal for PID: its process group (-PID) when it leads one (launch uses setsid,
# so it does), else the PID alone.
signal_target() {
  local pgid
  pgid=$(ps -o pgid= -p "$1" 2>/dev/null | tr -d ' ' || true)
  if [[ $pgid == "$1" ]]; then echo "-$1"; else echo "$1"; fi
}

# Stop a recorded PID (and its process group): TERM, wait up to N seconds, then KILL.
stop_pid() {
  local pid=${1:-} secs=${2:-10} i target
  pid_alive "$pid" || return 0
  target=$(signal_target "$pid")
  kill -TERM -- "$target" 2>/dev/null || true
  for ((i = 0; i < secs * 10; i++)); do
    pid_alive "$pid" || break
    sleep 0.1
  done
  if pid_alive "$pid"; then
    log "pid $pid did not stop after ${secs}s: KILL"
  fi
  # KILL whatever is left of the group (children that ignored TERM) and the PID itself.
  if [[ $target == -* ]]; then kill -KILL -- "$target" 2>/dev/null || true; fi
  kill -KILL "$pid" 2>/dev/null || true
  for ((i = 0; i < 50; i++)); do
    pid_alive "$pid" || return 0
    sleep 0.1
  done
}

tcp_open() { # tcp_open PORT
  timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null
}

# ---------------------------------------------------------------------------------------------
# Readiness checks: each returns 0 when the server on its recorded port answers
# ---------------------------------------------------------------------------------------------

check_nats() {
  local port line
  port=$(port_of nats)
  [[ -n $port ]] || return 1
  line=$(timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$port && head -c 4 <&3" 2>/dev/null) || return 1
  [[ $line == INFO ]]
}

# The environment of our RabbitMQ node and its CLI tools: everything points into the run dir,
# nothing is read from /etc/rabbitmq, and the Erlang cookie is ours (HOME=<run dir>/rabbitmq).
rabbit_env_cmd() { # sets RABBIT_ENV_CMD=(env -i VAR=... )
  local port dist epmd
  port=$(port_of amqp)
  dist=$(read_file "$RUN_DIR/amqp.dist-port")
  epmd=$(read_file "$RUN_DIR/amqp.epmd-port")
  if [[ -z $port || -z $dist || -z $epmd ]]; then
    log "amqp: no recorded ports in $RUN_DIR"
    return 1
  fi
  RABBIT_ENV_CMD=(env -i PATH="$PATH" LANG=C.UTF-8 LC_ALL=C.UTF-8 HOME="$RUN_DIR/rabbitmq" \
    RABBITMQ_NODENAME="$RABBIT_NODE" \
    RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 \
    RABBITMQ_NODE_PORT="$port" \
    RABBITMQ_DIST_PORT="$dist" \
    ERL_EPMD_PORT="$epmd" \
    ERL_EPMD_ADDRESS=127.0.0.1 \
    RABBITMQ_CONF_ENV_FILE="$RUN_DIR/rabbitmq/rabbitmq-env.conf" \
    RABBITMQ_CONFIG_FILE="$RUN_DIR/rabbitmq/rabbitmq.conf" \
    RABBITMQ_ADVANCED_CONFIG_FILE="$RUN_DIR/rabbitmq/advanced.config" \
    RABBITMQ_ENABLED_PLUGINS_FILE="$RUN_DIR/rabbitmq/enabled_plugins" \
    RABBITMQ_MNESIA_BASE="$RUN_DIR/rabbitmq/mnesia" \
    RABBITMQ_LOG_BASE="$RUN_DIR/rabbitmq/log" \
    RABBITMQ_PID_FILE="$RUN_DIR/rabbitmq/rabbit.pid" \
    RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-start_epmd false -kernel inet_dist_use_interface {127,0,0,1}" \
    RABBITMQ_CTL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}")
}

# Our epmd (epmd.pid) runs before the node starts and stops after it; the node gets
# -start_epmd false. The CLI (rabbitmqctl) spawns an `epmd -daemon` of its own whenever it finds
# none on ERL_EPMD_PORT, whatever its flags, so it is only ever called while ours listens.
rabbit_env() { # rabbit_env CMD... -> runs CMD in our RabbitMQ environment
  rabbit_env_cmd || return 1
  "${RABBIT_ENV_CMD[@]}" "$@"
}

check_amqp() {
  local port
  port=$(port_of amqp)
  [[ -n $port ]] || return 1
  tcp_open "$port" || return 1
  tcp_open "$(read_file "$RUN_DIR/amqp.epmd-port")" || return 1
  rabbit_env timeout 15 "$RABBIT_BIN/rabbitmqctl" -q -n "$RABBIT_NODE" await_startup --timeout 10 \
    >/dev/null 2>&1
}

check_redis() {
  local port
  port=$(port_of redis)
  [[ -n $port ]] || return 1
  [[ $(timeout 2 "$(redis_cli_bin)" -h 127.0.0.1 -p "$port" ping 2>/dev/null) == PONG ]]
}

check_etcd() {
  local port
  port=$(port_of etcd)
  [[ -n $port ]] || return 1
  ETCDCTL_API=3 timeout 5 "$(etcdctl_bin)" --endpoints="http://127.0.0.1:$port" \
    --dial-timeout=2s endpoint health >/dev/null 2>&1
}

check_zookeeper() {
  local port out
  port=$(port_of zookeeper)
  [[ -n $port ]] || return 1
  out=$(timeout 3 bash -c "exec 3<>/dev/tcp/127.0.0.1/$port && printf srvr >&3 && cat <&3" \
    2>/dev/null) || return 1
  [[ $out == *"Mode: standalone"* ]]
}

check_dns() {
  local port
  port=$(port_of dns)
  [[ -n $port ]] || return 1
  # A DNS query over TCP for svc.svckit.test A, answered with NOERROR and one answer.
  local reply
  reply=$(timeout 3 bash -c "exec 3<>/dev/tcp/127.0.0.1/$port &&
    printf '\x00\x21\x12\x34\x01\x00\x00\x01\x00\x00\x00\x00\x00\x00\x03svc\x06svckit\x04test\x00\x00\x01\x00\x01' >&3 &&
    head -c 14 <&3 | od -An -tx1" 2>/dev/null) || return 1
  # bytes: len(2) id(2)=12 34 flags(2) qd(2) an(2)=00 01
  reply=$(tr -s ' \n' '  ' <<<"$reply")
  [[ $reply == *"12 34 "*" 00 01 00 01"* ]]
}

# ---------------------------------------------------------------------------------------------
# Starting
# ---------------------------------------------------------------------------------------------

# Recorded PID alive and answering -> keep it. Otherwise clean the leftovers of a dead one.
already_up() {
  local name=$1 pid
  pid=$(pid_of "$name")
  if pid_alive "$pid" && "check_$name"; then
    claim "$(port_of "$name")"
    [[ $name == amqp ]] && claim "$(read_file "$RUN_DIR/amqp.dist-port")" &&
      claim "$(read_file "$RUN_DIR/amqp.epmd-port")"
    [[ $name == etcd ]] && claim "$(read_file "$RUN_DIR/etcd.peer-port")"
    return 0
  fi
  if pid_alive "$pid"; then
    log "$name: pid $pid is alive but does not answer: restarting it"
    stop_one "$name"
  fi
  rm -f "$RUN_DIR/$name.pid"
  return 1
}

start_nats() {
  local bin port
  bin=$(nats_bin)
  pick_port port 47222
  echo "$port" >"$RUN_DIR/nats.port"
  mkdir -p "$RUN_DIR/nats"
  launch nats "$bin" -a 127.0.0.1 -p "$port" -js -sd "$RUN_DIR/nats" -n svckit-test
}

start_redis() {
  local bin port
  bin=$(redis_bin)
  pick_port port 47379
  echo "$port" >"$RUN_DIR/redis.port"
  mkdir -p "$RUN_DIR/redis"
  launch redis "$bin" --bind 127.0.0.1 --port "$port" --save '' --appendonly no \
    --daemonize no --dir "$RUN_DIR/redis" --protected-mode yes
}

start_etcd() {
  local bin port peer
  bin=$(etcd_bin)
  pick_port port 47380
  pick_port peer 47381
  echo "$port" >"$RUN_DIR/etcd.port"
  echo "$peer" >"$RUN_DIR/etcd.peer-port"
  rm -rf "$RUN_DIR/etcd"
  mkdir -p "$RUN_DIR/etcd"
  chmod 700 "$RUN_DIR/etcd"
  launch etcd "$bin" --name default \
    --data-dir "$RUN_DIR/etcd" \
    --listen-client-urls "http://127.0.0.1:$port" \
    --advertise-client-urls "http://127.0.0.1:$port" \
    --listen-peer-urls "http://127.0.0.1:$peer" \
    --initial-advertise-peer-urls "http://127.0.0.1:$peer" \
    --initial-cluster "default=http://127.0.0.1:$peer" \
    --initial-cluster-state new
}

start_zookeeper() {
  local java port
  java=$(java_bin)
  pick_port port 47181
  echo "$port" >"$RUN_DIR/zookeeper.port"
  rm -rf "$RUN_DIR/zookeeper"
  mkdir -p "$RUN_DIR/zookeeper/data"
  cat >"$RUN_DIR/zookeeper/zoo.cfg" <<EOF
tickTime=2000
initLimit=10
syncLimit=5
dataDir=$RUN_DIR/zookeeper/data
clientPort=$port
clientPortAddress=127.0.0.1
maxClientCnxns=0
admin.enableServer=false
4lw.commands.whitelist=*
autopurge.purgeInterval=0
EOF
  # Debian's zookeeper.jar carries the Class-Path of its dependencies in its manifest
  # (see /etc/zookeeper/conf/environment); no JMX, no log4j files outside the run dir.
  launch zookeeper "$java" -Xmx256m -Dzookeeper.log.dir="$RUN_DIR/zookeeper" \
    -Dzookeeper.root.logger=INFO,CONSOLE -Dzookeeper.jmx.log4j.disable=true \
    -cp "$(zookeeper_jar)" org.apache.zookeeper.server.ZooKeeperServerMain \
    "$RUN_DIR/zookeeper/zoo.cfg"
}

start_dns() {
  local bin port
  bin=$(dnsmasq_bin)
  pick_port port 47053
  echo "$port" >"$RUN_DIR/dns.port"
  mkdir -p "$RUN_DIR/dnsmasq.d"
  if [[ ! -f $RUN_DIR/dnsmasq.d/00-svckit.conf ]]; then
    cat >"$RUN_DIR/dnsmasq.d/00-svckit.conf" <<'EOF'
# Records served by svckit's test dnsmasq. Add files to this directory and restart it
# (bash scripts/services.sh down && bash scripts/services.sh up) to serve more.
host-record=svc.svckit.test,127.0.0.1
srv-host=_svc._tcp.svckit.test,svc.svckit.test,8080,0,0
srv-host=_api._tcp.svckit.test,svc.svckit.test,8081,10,5
srv-host=_api._tcp.svckit.test,svc.svckit.test,8082,10,5
address=/svckit.test/127.0.0.1
EOF
  fi
  : >"$RUN_DIR/dnsmasq.conf"
  launch dns "$bin" --keep-in-foreground --no-resolv --no-hosts --no-poll \
    --listen-address=127.0.0.1 --bind-interfaces --port="$port" \
    --conf-file="$RUN_DIR/dnsmasq.conf" --conf-dir="$RUN_DIR/dnsmasq.d" \
    --pid-file= --user=root --group=root --log-facility=- --cache-size=0
}

start_amqp() {
  local port dist epmd rdir
  pick_port port 47672
  pick_port dist 47673
  pick_port epmd 47369
  echo "$port" >"$RUN_DIR/amqp.port"
  echo "$dist" >"$RUN_DIR/amqp.dist-port"
  echo "$epmd" >"$RUN_DIR/amqp.epmd-port"
  rdir=$RUN_DIR/rabbitmq
  rm -rf "$rdir"
  mkdir -p "$rdir/mnesia" "$rdir/log"
  : >"$rdir/rabbitmq-env.conf"
  echo '[].' >"$rdir/enabled_plugins"
  echo '[].' >"$rdir/advanced.config"
  cat >"$rdir/rabbitmq.conf" <<EOF
listeners.tcp.1 = 127.0.0.1:$port
loopback_users.guest = true
log.console = false
log.file.level = info
disk_free_limit.absolute = 50MB
EOF
  # Our own Erlang cookie, in HOME=<run dir>/rabbitmq.
  head -c 20 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$rdir/.erlang.cookie"
  chmod 400 "$rdir/.erlang.cookie"
  # Our own epmd on its own port, in the foreground, so `down` can stop exactly it.
  (
    cd "$RUN_DIR"
    exec setsid env ERL_EPMD_ADDRESS=127.0.0.1 "$(epmd_bin)" -port "$epmd" -address 127.0.0.1 \
      </dev/null >>"$RUN_DIR/epmd.log" 2>&1
  ) &
  record_pid epmd $!
  local i
  for ((i = 0; i < 50; i++)); do
    tcp_open "$epmd" && break
    sleep 0.1
  done
  if ! tcp_open "$epmd"; then
    loud "amqp: epmd did not listen on $epmd; the end of $RUN_DIR/epmd.log:"
    tail -n 20 "$RUN_DIR/epmd.log" >&2 || true
  fi
  rabbit_env_cmd
  launch amqp "${RABBIT_ENV_CMD[@]}" "$RABBIT_BIN/rabbitmq-server"
}

can_run() {
  case $1 in
    nats) [[ -n $(nats_bin) ]] ;;
    amqp) [[ -n $(rabbit_server_bin) && -n $(epmd_bin) ]] ;;
    redis) [[ -n $(redis_bin) && -n $(redis_cli_bin) ]] ;;
    etcd) [[ -n $(etcd_bin) && -n $(etcdctl_bin) ]] ;;
    zookeeper) [[ -n $(zookeeper_jar) && -n $(java_bin) ]] ;;
    dns) [[ -n $(dnsmasq_bin) ]] ;;
  esac
}

timeout_of() { [[ $1 == amqp ]] && echo 90 || echo 30; }

wait_ready() { # wait_ready NAME -> 0 when ready, 1 on timeout or death
  local name=$1 limit pid start
  limit=$(timeout_of "$name")
  start=$SECONDS
  while ((SECONDS - start < limit)); do
    pid=$(pid_of "$name")
    if ! pid_alive "$pid"; then
      loud "$name exited before it was ready; the end of $RUN_DIR/$name.log:"
      tail -n 40 "$RUN_DIR/$name.log" >&2 || true
      return 1
    fi
    "check_$name" && return 0
    sleep 0.2
  done
  loud "$name not ready after ${limit}s; the end of $RUN_DIR/$name.log:"
  tail -n 40 "$RUN_DIR/$name.log" >&2 || true
  if [[ $name == amqp ]]; then tail -n 40 "$RUN_DIR"/rabbitmq/log/*.log >&2 2>/dev/null || true; fi
  return 1
}

# ---------------------------------------------------------------------------------------------
# env / status / down
# ---------------------------------------------------------------------------------------------

env_lines() {
  local p
  p=$(port_of nats) && [[ -n $p ]] && echo "export SVCKIT_NATS_URL=nats://127.0.0.1:$p"
  p=$(port_of amqp) && [[ -n $p ]] && echo "export SVCKIT_AMQP_URL=amqp://guest:guest@127.0.0.1:$p"
  p=$(port_of redis) && [[ -n $p ]] && echo "export SVCKIT_REDIS_URL=redis://127.0.0.1:$p"
  p=$(port_of etcd) && [[ -n $p ]] && echo "export SVCKIT_ETCD_URL=http://127.0.0.1:$p"
  p=$(port_of zookeeper) && [[ -n $p ]] && echo "export SVCKIT_ZOOKEEPER_ADDR=127.0.0.1:$p"
  p=$(port_of dns) && [[ -n $p ]] && echo "export SVCKIT_DNS_ADDR=127.0.0.1:$p"
  p=$(dnsmasq_bin) && [[ -n $p ]] && echo "export SVCKIT_DNSMASQ_BIN=$p"
  p=$(promtool_bin) && [[ -n $p ]] && echo "export SVCKIT_PROMTOOL_BIN=$p"
  p=$(prometheus_bin) && [[ -n $p ]] && echo "export SVCKIT_PROMETHEUS_BIN=$p"
  p=$(nats_bin) && [[ -n $p ]] && echo "export SVCKIT_NATS_BIN=$p"
  p=$(etcd_bin) && [[ -n $p ]] && echo "export SVCKIT_ETCD_BIN=$p"
  p=$(redis_bin) && [[ -n $p ]] && echo "export SVCKIT_REDIS_BIN=$p"
  true
}

# Only the servers that run and answer get env lines.
write_env() {
  local name tmp=$RUN_DIR/env.tmp
  : >"$tmp"
  for name in "${SERVERS[@]}"; do
    if ! pid_alive "$(pid_of "$name")"; then
      rm -f "$RUN_DIR/$name.port"
    fi
  done
  env_lines >"$tmp"
  mv "$tmp" "$RUN_DIR/env"
}

stop_one() {
  local name=$1 pid
  pid=$(pid_of "$name")
  if [[ $name == amqp ]]; then
    if pid_alive "$pid" && tcp_open "$(read_file "$RUN_DIR/amqp.epmd-port")"; then
      rabbit_env timeout 30 "$RABBIT_BIN/rabbitmqctl" -q -n "$RABBIT_NODE" stop >/dev/null 2>&1 ||
        true
    fi
    stop_pid "$pid" 20
    rm -f "$RUN_DIR/amqp.pid"
    stop_pid "$(pid_of epmd)" 5
    rm -f "$RUN_DIR/epmd.pid"
  else
    stop_pid "$pid" 10
    rm -f "$RUN_DIR/$name.pid"
  fi
}

cmd_up() {
  mkdir -p "$RUN_DIR"
  local t0=$SECONDS
  install_missing
  local name started=() skipped=() failed=()
  for name in "${SERVERS[@]}"; do
    if already_up "$name"; then
      log "$name: already up on port $(port_of "$name")"
    elif [[ $name == amqp ]] && pid_alive "$(pid_of epmd)"; then
      stop_pid "$(pid_of epmd)" 5
      rm -f "$RUN_DIR/epmd.pid"
    fi
  done
  for name in "${SERVERS[@]}"; do
    pid_alive "$(pid_of "$name")" && continue
    if can_run "$name"; then
      : >"$RUN_DIR/$name.log"
      "start_$name"
      started+=("$name")
    else
      skipped+=("$name")
      rm -f "$RUN_DIR/$name.port"
    fi
  done
  # Wait for all in parallel.
  local pids=()
  for name in "${started[@]}"; do
    wait_ready "$name" &
    pids+=("$!")
  done
  local i=0
  for name in "${started[@]}"; do
    if wait "${pids[$i]}"; then
      log "$name: up on port $(port_of "$name")"
    else
      failed+=("$name")
    fi
    i=$((i + 1))
  done
  write_env
  [[ ${#skipped[@]} -gt 0 ]] && loud "not started, not installed: ${skipped[*]}"
  if [[ ${#failed[@]} -gt 0 ]]; then
    loud "failed to start: ${failed[*]} (logs in $RUN_DIR)"
    exit 1
  fi
  log "all up in $((SECONDS - t0))s; env in $RUN_DIR/env (eval \"\$(bash scripts/services.sh env)\")"
}

cmd_down() {
  [[ -d $RUN_DIR ]] || return 0
  local name pids=()
  for name in "${SERVERS[@]}"; do
    stop_one "$name" &
    pids+=("$!")
  done
  wait "${pids[@]}" || true
  rm -f "$RUN_DIR"/*.port "$RUN_DIR"/*.pid
  # The env file keeps only the binaries (promtool, ...), which need no server.
  write_env
  log "down"
}

cmd_status() {
  local name pid rc=0
  for name in "${SERVERS[@]}"; do
    pid=$(pid_of "$name")
    if pid_alive "$pid" && "check_$name"; then
      printf '%-10s up    127.0.0.1:%s (pid %s)\n' "$name" "$(port_of "$name")" "$pid"
    else
      printf '%-10s down\n' "$name"
      rc=1
    fi
  done
  local b
  for b in promtool prometheus; do
    if [[ -n $("${b}_bin") ]]; then
      printf '%-10s found %s\n' "$b" "$("${b}_bin")"
    else
      printf '%-10s missing\n' "$b"
      rc=1
    fi
  done
  return $rc
}

cmd_env() {
  if [[ -f $RUN_DIR/env ]]; then
    cat "$RUN_DIR/env"
  else
    env_lines
  fi
}

case ${1:-} in
  up) cmd_up ;;
  down) cmd_down ;;
  env) cmd_env ;;
  status) cmd_status ;;
  *)
    echo "usage: $0 up|down|env|status" >&2
    exit 2
    ;;
esac
