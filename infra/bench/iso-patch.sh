#!/usr/bin/env bash
# Benchmark (not a test): per-host ISOs patched from a cached template (PatchingIsoBuilder), with
# 1 and 2 threads, against one full xorriso build per host for the same hosts, in the same run.
# Usage: infra/bench/iso-patch.sh [HOSTS=1000] [FULL_BUILD_HOSTS=HOSTS]   (prints a Markdown table)
# Writes each ISO to its own file under a temporary directory in $BENCH_DIR (default: the system's
# temporary directory; BENCH_DIR=/dev/shm measures without the disk), about 3 GB per run, removed
# after it. MVN_OFFLINE=1 runs Maven offline.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../dev/setup.sh"
apt_install xorriso dosfstools mtools isolinux syslinux-common syslinux
cd "$BW_ROOT"
hosts=${1:-1000}
full=${2:-$hosts}
[ -f "$BOOTWARDEN_IPXE_DIR/ipxe.lkrn" ] || infra/ipxe/fetch-ipxe.sh "$BOOTWARDEN_IPXE_DIR"

work=$(mktemp -d -p "${BENCH_DIR:-${TMPDIR:-/tmp}}" bw-iso-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
# compiles iso-worker and its test classes only; nothing is installed into ~/.m2
mvn -B -q ${MVN_OFFLINE:+-o} test-compile -pl iso-worker -Dskip.frontend=true
mvn -B -q ${MVN_OFFLINE:+-o} dependency:build-classpath -pl iso-worker -Dmdep.includeScope=test \
  -Dmdep.outputFile="$work/cp.txt" >/dev/null

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)," \
  "$(free -g | awk '/Mem:/ {print $2}') GB, $(. /etc/os-release; echo "$PRETTY_NAME"), $(java -version 2>&1 | head -1)," \
  "$(xorriso -version 2>/dev/null | head -1 | cut -d: -f1), iPXE $(cat "$BOOTWARDEN_IPXE_DIR/VERSION" 2>/dev/null || echo '?')"
java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "iso-worker/target/classes:iso-worker/target/test-classes:$(cat "$work/cp.txt")" \
  org.bootwarden.isoworker.IsoPatchBenchmark "$BOOTWARDEN_IPXE_DIR" "$work" "$hosts" "$full"
