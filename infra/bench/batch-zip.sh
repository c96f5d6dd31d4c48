#!/usr/bin/env bash
# Benchmark (not a test): 1,000-host CSV batches to a zip on the packaged server (H2), wall time and
# ISOs/s: (1) CSV import of new hosts, zip deflated (the default); (2) CSV import of another set of
# new hosts, zip stored (compression=none); (3) the hosts of (1) again as a CSV of existing hosts
# (import=false, compression=none): every ISO comes from the per-host cache.
# Usage: infra/bench/batch-zip.sh [HOSTS=1000]   (prints a Markdown table; BENCH_DIR for the data dir)
# BW_JAR=path runs another jar. Builds the jar with `mvn package` if it is missing (nothing is installed into ~/.m2).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../dev/setup.sh"
apt_install openjdk-17-jdk-headless maven xorriso dosfstools mtools isolinux syslinux-common syslinux curl python3
cd "$BW_ROOT"
hosts=${1:-1000}
jar=${BW_JAR:-backend/target/bootwarden.jar}   # BW_JAR: a copy, so a build meanwhile cannot replace it mid-run
[ -f "$jar" ] || mvn -B -q ${MVN_OFFLINE:+-o} -DskipTests -Dskip.frontend=true -pl iso-worker,backend -am package
[ -f "$BOOTWARDEN_IPXE_DIR/ipxe.lkrn" ] || infra/ipxe/fetch-ipxe.sh "$BOOTWARDEN_IPXE_DIR"

work=$(mktemp -d -p "${BENCH_DIR:-${TMPDIR:-/tmp}}" bw-batch-bench.XXXXXX); port=18471
cleanup() { [ -n "${spid:-}" ] && kill "$spid" 2>/dev/null && wait "$spid" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
SERVER_PORT=$port BOOTWARDEN_DATA_DIR=$work/data BOOTWARDEN_ADMIN_PASSWORD=bench-pw BOOTWARDEN_WORKER_EMBEDDED=false \
  BOOTWARDEN_PUBLIC_URL=http://198.51.100.1:$port java -jar "$jar" > "$work/server.log" 2>&1 &
spid=$!
for _ in $(seq 240); do curl -sf "http://127.0.0.1:$port/actuator/health" >/dev/null && break; sleep 0.5; done

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(. /etc/os-release; echo "$PRETTY_NAME"),"\
  "$(java -version 2>&1 | head -1), iPXE $(cat "$BOOTWARDEN_IPXE_DIR/VERSION" 2>/dev/null || echo '?'), load $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$port" "$hosts" "$work" <<'PY'
import base64, json, sys, time, urllib.request
port, n, work = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
base = f"http://127.0.0.1:{port}"
auth = "Basic " + base64.b64encode(b"admin:bench-pw").decode()

def call(method, path, body=None, ctype=None):
    req = urllib.request.Request(base + path, data=body, method=method, headers={"Authorization": auth})
    if ctype:
        req.add_header("Content-Type", ctype)
    with urllib.request.urlopen(req, timeout=600) as r:
        return r.read()

def csv(offset, existing=False):
    rows = ["hostname" if existing else "hostname,macs,ip,prefixLength,gateway,dns,firmware,profile,labels"]
    for i in range(offset, offset + n):
        net = f"10.{i // 250 % 250}.{i % 250}"
        name = f"bench-{i}.lab.example"
        rows.append(name if existing else
                    f"{name},52:54:{i >> 24 & 255:02x}:{i >> 16 & 255:02x}:{i >> 8 & 255:02x}:{i & 255:02x},{net}.10,24,{net}.1,"
                    f"10.0.0.2,auto,custom-ipxe,bench={offset}")
    return ("\r\n".join(rows) + "\r\n").encode()

def run(label, body, query):
    t0 = time.monotonic()
    job = json.loads(call("POST", "/api/batches" + query, body, "text/csv"))
    accepted = time.monotonic() - t0
    while job["status"] in ("QUEUED", "RUNNING"):
        time.sleep(0.2)
        job = json.loads(call("GET", "/api/batches/" + job["id"]))
    wall = time.monotonic() - t0
    assert job["status"] == "DONE" and job["done"] == n, job
    def ts(s):
        from datetime import datetime
        return datetime.fromisoformat(s.replace("Z", "+00:00")).timestamp()
    run_s = ts(job["finishedAt"]) - ts(job["startedAt"])
    t1 = time.monotonic()
    size = len(call("GET", f"/api/batches/{job['id']}/zip"))
    dl = time.monotonic() - t1
    print(f"| {label} | {n} | {accepted:.2f} | {run_s:.2f} | {wall:.2f} | {n / wall:.1f} | {n / run_s:.1f} | {size / 2**20:.0f} MiB | {dl:.2f} |")

print()
print("| batch | hosts | POST (validate, import) s | job run s | wall s (POST to DONE) | ISOs/s (wall) | ISOs/s (job) | zip | download s |")
print("|---|---|---|---|---|---|---|---|---|")
run("CSV import, new hosts, deflate", csv(0), "?import=true")
run("CSV import, new hosts, compression=none", csv(n), "?import=true&compression=none")
run("CSV of the hosts of row 1 (cached ISOs), compression=none", csv(0, existing=True), "?compression=none")
PY
