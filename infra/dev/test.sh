#!/usr/bin/env bash
# Sets up and runs every test: iso-worker and backend unit tests, backend integration tests
# (on H2, then again on MariaDB with mysql-connector-j and on PostgreSQL), the console's component tests, and the end-to-end tests (the packaged server with real
# QEMU guests booting BIOS and UEFI; the console in Chromium against the packaged server). Prints one summary line and exits non-zero on any failure.
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

# the console in a real browser (Chromium) against the packaged jar that maven verify just built
bw_log "console end-to-end test (Chromium, packaged server)"
rm -rf frontend/target/e2e-reports
if [ -f backend/target/bootwarden.jar ]; then
  npm run test:e2e --workspace frontend
  e2e_rc=$?
else
  bw_log "backend/target/bootwarden.jar is missing: console end-to-end test NOT run"; e2e_rc=1
fi

# the integration suite again on the production databases running on this machine, each on a fresh database
db_rc=0
reports=$BW_ROOT/backend/target/failsafe-reports
run_its_on() { # name jdbc-url user
  bw_log "integration tests on $1"
  rm -rf "$reports-$1"
  BOOTWARDEN_DB_URL=$2 BOOTWARDEN_DB_USER=$3 mvn -B -q verify -pl backend -am -Dskip.frontend=true -Dtest=NoUnitTests \
    -Dsurefire.failIfNoSpecifiedTests=false || db_rc=1
  # each database's results are kept (and counted by the summary) under their own name
  [ -d "$reports" ] && mv "$reports" "$reports-$1"
}
if [ $mvn_rc -eq 0 ]; then
  rm -rf "$reports-h2"; [ -d "$reports" ] && mv "$reports" "$reports-h2"
  if command -v mariadb >/dev/null && mariadb -uroot -e "drop database if exists bootwarden_it;
      create database bootwarden_it character set utf8mb4 collate utf8mb4_bin" 2>/dev/null; then
    run_its_on mariadb "jdbc:mysql://127.0.0.1:3306/bootwarden_it?nullDatabaseMeansCurrent=true" root
  else
    bw_log "MariaDB is not reachable as root on 127.0.0.1:3306: integration tests on MariaDB NOT run"; db_rc=1
  fi
  if command -v psql >/dev/null && psql -h 127.0.0.1 -U postgres -q -c "drop database if exists bootwarden_it" \
      -c "create database bootwarden_it" postgres >/dev/null 2>&1; then
    run_its_on postgresql "jdbc:postgresql://127.0.0.1:5432/bootwarden_it" postgres
  else
    bw_log "PostgreSQL is not reachable as postgres on 127.0.0.1:5432: integration tests on PostgreSQL NOT run"; db_rc=1
  fi
fi
set -e

python3 "$BW_ROOT/infra/dev/summary.py" "$BW_ROOT" target-npm-test.log
rm -f target-npm-test.log
if [ $npm_rc -ne 0 ] || [ $mvn_rc -ne 0 ] || [ $e2e_rc -ne 0 ] || [ $db_rc -ne 0 ]; then
  bw_log "FAILED (npm test exit $npm_rc, maven exit $mvn_rc, console e2e exit $e2e_rc, MariaDB/PostgreSQL runs exit $db_rc)"
  exit 1
fi
bw_log "all tests passed"
