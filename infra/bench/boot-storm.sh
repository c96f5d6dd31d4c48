#!/usr/bin/env bash
# Benchmark (not a test): a boot storm. 10,000 simulated hosts (HTTP clients acting as iPXE) boot
# within 60 s against the packaged server: two replicas on one MariaDB or PostgreSQL database,
# one replica on H2. 10 % of the hosts are armed and take the installer path (installer script,
# answer file, install callback, then a script request that must say LOCAL); the rest get LOCAL.
# Setup (CSV import of the hosts, tokens, emergency arms) is not timed. Afterwards the audit log
# must show every armed host ARMED -> INSTALLING -> LOCAL exactly once and no other change.
# Usage: infra/bench/boot-storm.sh h2|mariadb|postgresql [boot_storm.py options, e.g. --hosts 1000
#        --window 60 --armed-fraction 0.1 --processes 4 --threads 32]   (prints Markdown tables)
# BOOT_STORM_REPLICAS: replicas to start (default 2 on mariadb/postgresql, 1 on h2, which is embedded).
# BENCH_JAVA_OPTS: extra options for the replicas' JVMs; {n} becomes the replica's number
#   (e.g. -XX:StartFlightRecording=filename=/tmp/storm-{n}.jfr,settings=profile).
# Needs backend/target/bootwarden.jar (built if missing, without installing anything into ~/.m2).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../dev/setup.sh"
db=${1:?usage: boot-storm.sh h2|mariadb|postgresql [options]}; shift
case "$db" in h2|mariadb|postgresql) ;; *) echo "unknown database '$db' (h2, mariadb, postgresql)" >&2; exit 2;; esac
apt_install openjdk-17-jdk-headless xorriso isolinux syslinux syslinux-common mtools dosfstools curl python3
"$BW_ROOT/infra/ipxe/fetch-ipxe.sh" "$BOOTWARDEN_IPXE_DIR"
cd "$BW_ROOT"
jar=backend/target/bootwarden.jar
[ -f "$jar" ] || mvn -B -q -o package -DskipTests -Dskip.frontend=true -pl iso-worker,backend -am

if [ "$db" = h2 ]; then replicas=${BOOT_STORM_REPLICAS:-1}; else replicas=${BOOT_STORM_REPLICAS:-2}; fi
if [ "$db" = h2 ] && [ "$replicas" != 1 ]; then echo "H2 is embedded: one replica only" >&2; exit 2; fi
work=$(mktemp -d); dbname=bw_storm_$$
admin_pw=bench-admin-pw
token_secret=$(python3 -c 'import secrets; print(secrets.token_urlsafe(32))')
secrets_key=$(python3 -c 'import base64, secrets; print(base64.b64encode(secrets.token_bytes(32)).decode())')
ports=(); pids=(); bases=()
for _ in $(seq "$replicas"); do
  ports+=("$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')")
done
stop_servers() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  pids=()
}
cleanup() {
  local rc=$?
  stop_servers
  if [ $rc -ne 0 ]; then
    for log in "$work"/server-*.log; do
      [ -f "$log" ] && { echo "--- last lines of $log ---" >&2; tail -30 "$log" >&2; }
    done
  fi
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

# every simulated machine boots from 127.0.0.1 here, so the per-address boot rate limit is lifted for it;
# the replicas share the database, the token secret (so a token is valid on both) and the secrets key
export BOOTWARDEN_ADMIN_PASSWORD=$admin_pw BOOTWARDEN_TOKEN_SECRET=$token_secret BOOTWARDEN_SECRETS_KEY=$secrets_key \
  BOOTWARDEN_BOOT_RATE_LIMIT_EXEMPT=127.0.0.0/8
case "$db" in
  h2) ;; # the default: an H2 file database in the (only) replica's data directory
  mariadb)
    mariadb -uroot -e "create database $dbname character set utf8mb4 collate utf8mb4_bin"
    export BOOTWARDEN_DB_URL="jdbc:mysql://127.0.0.1:3306/$dbname?nullDatabaseMeansCurrent=true" BOOTWARDEN_DB_USER=root ;;
  postgresql)
    psql -h 127.0.0.1 -U postgres -q -c "create database $dbname" postgres
    export BOOTWARDEN_DB_URL="jdbc:postgresql://127.0.0.1:5432/$dbname" BOOTWARDEN_DB_USER=postgres ;;
esac

# one replica after the other: the first creates the schema (Flyway, the process engine), the next find it
start_server() { # index (1-based)
  local n=$1 port=${ports[$(($1 - 1))]}
  local opts=${BENCH_JAVA_OPTS:-}
  # shellcheck disable=SC2086 # BENCH_JAVA_OPTS: extra JVM options, e.g. a JFR recording for profiling
  SERVER_PORT=$port BOOTWARDEN_DATA_DIR=$work/data-$n BOOTWARDEN_PUBLIC_URL=http://127.0.0.1:$port \
    java ${opts//\{n\}/$n} -jar "$jar" >> "$work/server-$n.log" 2>&1 &
  local pid=$!
  pids+=("$pid")
  for _ in $(seq 240); do
    curl -sf "http://127.0.0.1:$port/actuator/health" >/dev/null && {
      echo "replica $n: pid $pid on port $port" >&2; bases+=("http://127.0.0.1:$port"); return 0; }
    kill -0 "$pid" 2>/dev/null || { echo "replica $n exited during start-up" >&2; return 1; }
    sleep 0.5
  done
  echo "replica $n not ready after 120 s" >&2; return 1
}
for n in $(seq "$replicas"); do start_server "$n"; done

echo "machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(free -g | awk '/Mem:/ {print $2}') GB;" \
  "database $db, $replicas replica(s); load before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
set +e
python3 infra/bench/boot_storm.py --bases "$(IFS=,; echo "${bases[*]}")" --admin-password "$admin_pw" \
  --token-secret "$token_secret" --label "$db" "$@"
rc=$?
set -e
echo
echo "(infra/bench/boot-storm.sh $db $*, $(date -u +%F), $replicas replica(s), load average after: $(cut -d' ' -f1-3 /proc/loadavg))"
exit $rc
