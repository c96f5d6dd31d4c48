#!/usr/bin/env bash
# Sets up and runs every test: iso-worker and backend unit tests, backend integration tests
# (H2), the console's component tests, and the end-to-end tests (the packaged server with real
# QEMU guests booting BIOS and UEFI). Prints one summary line and exits non-zero on any failure.
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
setup_tests
cd "$BW_ROOT"

# the production databases the integration tests may use (running already on this kind of machine)
if command -v mariadbd >/dev/null && ! (exec 3<>/dev/tcp/127.0.0.1/3306) 2>/dev/null; then
  bw_log "starting MariaDB"; as_root start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd || true
fi
if command -v pg_ctlcluster >/dev/null && ! (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null; then
  bw_log "starting PostgreSQL"; as_root pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start || true
fi

set +e
bw_log "console component tests (vitest)"
npm test 2>&1 | tee target-npm-test.log
npm_rc=${PIPESTATUS[0]}

bw_log "build, unit, integration and end-to-end tests (maven verify)"
mvn -B verify -Dstyle.color=never -Dbootwarden.e2e.requireServer=true "$@"
mvn_rc=$?
set -e

python3 "$BW_ROOT/infra/dev/summary.py" "$BW_ROOT" target-npm-test.log
rm -f target-npm-test.log
if [ $npm_rc -ne 0 ] || [ $mvn_rc -ne 0 ]; then
  bw_log "FAILED (npm test exit $npm_rc, maven exit $mvn_rc)"
  exit 1
fi
bw_log "all tests passed"
