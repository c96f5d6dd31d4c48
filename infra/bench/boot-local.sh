#!/usr/bin/env bash
# Benchmark (not a test): LOCAL-path boot answers of the packaged server (H2) with wrk at 64
# connections, next to nginx serving a static file of the same size in the same run.
# Usage: infra/bench/boot-local.sh [DURATION_SECONDS]   (prints a Markdown table)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../dev/setup.sh"
setup_runtime
apt_install wrk nginx-light
cd "$BW_ROOT"
dur=${1:-30}
[ -f backend/target/bootwarden.jar ] || mvn -B -q -DskipTests -pl iso-worker,backend -am install

work=$(mktemp -d); port=18461; nport=18462
cleanup() {
  [ -n "${spid:-}" ] && kill "$spid" 2>/dev/null || true
  [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# wrk is one address: the per-address boot rate limit stays on (every request takes a token from
# that address's bucket, the worst case: one bucket shared by all connections) with a rate and burst
# it never reaches
SERVER_PORT=$port BOOTWARDEN_DATA_DIR=$work/data BOOTWARDEN_ADMIN_PASSWORD=bench-pw \
  BOOTWARDEN_BOOT_RATE_LIMIT_RATE=1000000000 BOOTWARDEN_BOOT_RATE_LIMIT_BURST=1000000000 \
  BOOTWARDEN_PUBLIC_URL=http://127.0.0.1:$port java -jar backend/target/bootwarden.jar > "$work/server.log" 2>&1 &
spid=$!
for _ in $(seq 120); do curl -sf "http://127.0.0.1:$port/actuator/health" >/dev/null && break; sleep 0.5; done
api() { curl -sf -u admin:bench-pw -H 'Content-Type: application/json' "$@"; }
id=$(api -X POST "http://127.0.0.1:$port/api/hosts" -d '{"hostname":"bench01","macs":["52:54:00:aa:bb:01"],
  "ip":"198.51.100.10","prefixLength":24,"gateway":"198.51.100.1","dns":["198.51.100.2"],"profile":"custom-ipxe"}' \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
path=$(api "http://127.0.0.1:$port/api/hosts/$id/script" | grep -o "/boot/$id/[^/]*/script")
url="http://127.0.0.1:$port$path?mac=52:54:00:aa:bb:01&uuid=00000000-0000-0000-0000-000000000000&platform=pcbios&arch=i386"
curl -sf "$url" > "$work/answer.txt"
grep -q "boot state LOCAL" "$work/answer.txt"

mkdir -p "$work/www"; cp "$work/answer.txt" "$work/www/answer.txt"; chmod -R a+rX "$work"
cat > "$work/nginx.conf" <<NGINX
worker_processes 2; pid $work/nginx.pid; error_log $work/nginx-error.log;
events { worker_connections 1024; }
http { access_log off; server { listen 127.0.0.1:$nport; root $work/www; } }
NGINX
nginx -c "$work/nginx.conf"

run() { # name url -> "rps p50 p99 errors"
  wrk -t2 -c64 -d5s "$2" >/dev/null 2>&1  # warm-up
  wrk -t2 -c64 -d"${dur}s" --latency "$2" > "$work/$1.wrk"
  local rps p50 p99 err
  rps=$(awk '/Requests\/sec/ {print $2}' "$work/$1.wrk")
  p50=$(awk '$1=="50%" {print $2}' "$work/$1.wrk"); p99=$(awk '$1=="99%" {print $2}' "$work/$1.wrk")
  err=$(awk '/Non-2xx|Socket errors/ {e=e $0 "; "} END {print (e=="" ? "0" : e)}' "$work/$1.wrk")
  echo "$rps|$p50|$p99|$err"
}
b=$(run bootwarden "$url"); n=$(run nginx "http://127.0.0.1:$nport/answer.txt")
ratio=$(python3 -c "print(f'{float(\"${b%%|*}\")/float(\"${n%%|*}\"):.2f}')")
echo
echo "| server | requests/s | p50 | p99 | errors |"
echo "|---|---|---|---|---|"
echo "| Bootwarden LOCAL answer ($(wc -c < "$work/answer.txt") bytes, H2) | ${b//|/ | } |"
echo "| nginx, static file of the same size | ${n//|/ | } |"
echo
echo "ratio Bootwarden/nginx: $ratio (wrk -t2 -c64 -d${dur}s on the same $(nproc) cores, $(date -u +%F))"
