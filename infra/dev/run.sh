#!/usr/bin/env bash
# Sets up and runs Bootwarden: embedded H2 database, the bootstrap admin, the in-process ISO
# worker and the console, on http://0.0.0.0:${SERVER_PORT:-8080}/.
# Environment (all optional): SERVER_PORT, BOOTWARDEN_DATA_DIR (default ./data),
# BOOTWARDEN_PUBLIC_URL (what machines use to reach this server; default http://<this host's IP>:PORT),
# BOOTWARDEN_ADMIN_PASSWORD (default: generated once and printed).
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
setup_runtime

cd "$BW_ROOT"
jar=backend/target/bootwarden.jar
newest_source=$(find pom.xml backend iso-worker workflows frontend/src frontend/index.html package-lock.json \
  -newer "$jar" -type f -not -path '*/target/*' -not -path '*/node_modules/*' 2>/dev/null | head -1 || true)
has_console() { python3 -c 'import sys, zipfile; sys.exit(0 if "BOOT-INF/classes/static/index.html" in zipfile.ZipFile(sys.argv[1]).namelist() else 1)' "$1"; }
if [ ! -f "$jar" ] || [ -n "$newest_source" ] || ! has_console "$jar"; then
  bw_log "building Bootwarden"
  mvn -B -q -DskipTests -pl iso-worker,backend -am install
fi

export SERVER_PORT=${SERVER_PORT:-8080}
export BOOTWARDEN_DATA_DIR=${BOOTWARDEN_DATA_DIR:-$BW_ROOT/data}
if [ -z "${BOOTWARDEN_PUBLIC_URL:-}" ]; then
  ip=$(hostname -I 2>/dev/null | awk '{print $1}')
  export BOOTWARDEN_PUBLIC_URL="http://${ip:-127.0.0.1}:$SERVER_PORT"
fi
bw_log "console: http://localhost:$SERVER_PORT/   machines use: $BOOTWARDEN_PUBLIC_URL   data: $BOOTWARDEN_DATA_DIR"
exec java -jar "$jar"
