#!/usr/bin/env bash
# Benchmark (not a test): a reimage wave driven through the whole ticket process over HTTP, on the
# packaged server with H2, MariaDB or PostgreSQL. The requester (admin) files one ticket per host,
# a second user (APPROVER) approves each from its task list, each host boots its installer and
# calls back /installed; a separate probe process boots LOCAL hosts at a steady rate meanwhile.
# Setup (hosts, one ISO download each, boot tokens, a 20-host warm-up wave) is not timed.
# Usage: infra/bench/ticket-wave.sh h2|mariadb|postgresql [ticket_wave.py options, e.g. --hosts 1000
#        --concurrency 8 --probe-rate 200 --auth session|basic]   (prints Markdown tables)
# BENCH_JAVA_OPTS: extra options for the server's JVM (e.g. -XX:StartFlightRecording=filename=/tmp/wave.jfr).
# Needs backend/target/bootwarden.jar (built if missing, without installing anything into ~/.m2).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../dev/setup.sh"
db=${1:?usage: ticket-wave.sh h2|mariadb|postgresql [options]}; shift
case "$db" in h2|mariadb|postgresql) ;; *) echo "unknown database '$db' (h2, mariadb, postgresql)" >&2; exit 2;; esac
apt_install openjdk-17-jdk-headless xorriso isolinux syslinux syslinux-common mtools dosfstools curl python3
"$BW_ROOT/infra/ipxe/fetch-ipxe.sh" "$BOOTWARDEN_IPXE_DIR"
cd "$BW_ROOT"
jar=backend/target/bootwarden.jar
[ -f "$jar" ] || mvn -B -q -o package -DskipTests -Dskip.frontend=true -pl iso-worker,backend -am

work=$(mktemp -d); dbname=bw_wave_$$
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
admin_pw=bench-admin-pw; approver=wave-approver; approver_pw=bench-approver-pw
spid=""
stop_server() {
  if [ -n "$spid" ]; then kill "$spid" 2>/dev/null || true; wait "$spid" 2>/dev/null || true; spid=""; fi
}
cleanup() {
  local rc=$?
  stop_server
  [ $rc -ne 0 ] && [ -f "$work/server.log" ] && { echo "--- last lines of the server log ---" >&2; tail -30 "$work/server.log" >&2; }
  case "$db" in
    mariadb) mariadb -uroot -e "drop database if exists $dbname" || true ;;
    postgresql) psql -h 127.0.0.1 -U postgres -q -c "drop database if exists $dbname" postgres || true ;;
  esac
  if [ $rc -ne 0 ] && [ "$db" = h2 ]; then
    echo "the server's data directory is kept for examination: $work" >&2
  else
    rm -rf "$work"
  fi
}
trap cleanup EXIT

# every simulated machine boots from 127.0.0.1 here, so the per-address boot rate limit is lifted for it
export SERVER_PORT=$port BOOTWARDEN_DATA_DIR=$work/data BOOTWARDEN_ADMIN_PASSWORD=$admin_pw \
  BOOTWARDEN_PUBLIC_URL=http://127.0.0.1:$port BOOTWARDEN_BOOT_RATE_LIMIT_EXEMPT=127.0.0.0/8
case "$db" in
  mariadb)
    mariadb -uroot -e "create database $dbname character set utf8mb4 collate utf8mb4_bin"
    export BOOTWARDEN_DB_URL="jdbc:mysql://127.0.0.1:3306/$dbname?nullDatabaseMeansCurrent=true" BOOTWARDEN_DB_USER=root ;;
  postgresql)
    psql -h 127.0.0.1 -U postgres -q -c "create database $dbname" postgres
    export BOOTWARDEN_DB_URL="jdbc:postgresql://127.0.0.1:5432/$dbname" BOOTWARDEN_DB_USER=postgres ;;
esac

start_server() {
  # shellcheck disable=SC2086 # BENCH_JAVA_OPTS: extra JVM options, e.g. a JFR recording for profiling
  java ${BENCH_JAVA_OPTS:-} -jar "$jar" >> "$work/server.log" 2>&1 &
  spid=$!
  for _ in $(seq 240); do
    curl -sf "http://127.0.0.1:$port/actuator/health" >/dev/null && { echo "server pid $spid on port $port" >&2; return 0; }
    kill -0 "$spid" 2>/dev/null || { echo "server exited during start-up" >&2; return 1; }
    sleep 0.5
  done
  echo "server not ready after 120 s" >&2; return 1
}

# The approver: a second local user (four-eyes forbids approving one's own tickets), created by
# the admin through the users API.
start_server
curl -sf -u "admin:$admin_pw" -H 'Content-Type: application/json' -X POST "http://127.0.0.1:$port/api/users" \
  -d "{\"username\":\"$approver\",\"password\":\"$approver_pw\",\"displayName\":\"Wave benchmark approver\",\"roles\":[\"APPROVER\"]}" \
  >/dev/null

echo "machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(free -g | awk '/Mem:/ {print $2}') GB;" \
  "database $db; load before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
set +e
python3 infra/bench/ticket_wave.py --base "http://127.0.0.1:$port" --admin-password "$admin_pw" \
  --approver "$approver:$approver_pw" --label "$db" --server-pid "$spid" "$@"
rc=$?
set -e
echo
echo "(infra/bench/ticket-wave.sh $db $*, $(date -u +%F), load average after: $(cut -d' ' -f1-3 /proc/loadavg))"
exit $rc
