#!/usr/bin/env python3
"""Benchmark helper (not a test) for infra/bench/boot-storm.sh: a boot storm of simulated iPXE
clients against one or more replicas that are already running on the same database.

Setup (not timed): a benchmark profile, N hosts through the CSV import API, every host's id and
token version from the host list, its boot token computed as docs/boot-protocol.md section 2
describes (HMAC-SHA256 of the shared BOOTWARDEN_TOKEN_SECRET; a sample is checked against the
client script an operator downloads), and an emergency arm of a fraction of the hosts (10 %).

The timed storm: every host boots once at a start time spread uniformly over the window, each
request to a random replica: GET its boot script (must be LOCAL, or for an armed host the
installer); an armed host then fetches its answer file, calls back /installed and asks for its
script again, which must now say LOCAL. Client processes (threads with keep-alive connections
each) share the work so that the client's GIL does not become the bottleneck.

Afterwards it verifies through the API: every armed host went ARMED -> INSTALLING -> LOCAL exactly
once (one boot.install and one install.completed audit record each, none for any other host), no
hold/duplicate/error answers, every host LOCAL, no open ticket. Exits non-zero on any error or
violation. Python 3 standard library only. Prints Markdown tables.
"""
import argparse
import base64
import hashlib
import hmac
import http.client
import json
import multiprocessing
import random
import re
import sys
import threading
import time
import urllib.parse

PROFILE = "bench-storm"
BOOT_URL = re.compile(r"/boot/([0-9a-f-]{36})/([A-Za-z0-9_-]{32})/script\?")
TYPES = ("LOCAL script", "installer script", "answer file", "callback", "script after install")
INSTALLER_MARK = b"kernel --name kernel"
LOCAL_MARK = b"boot state LOCAL"


class HttpError(Exception):
    pass


class Session:
    """A console session (form login, session cookie, CSRF header); logs in once, not per request."""

    def __init__(self):
        self.cookies = {}
        self.lock = threading.Lock()

    def decorate(self, headers, method):
        with self.lock:
            if self.cookies:
                headers["Cookie"] = "; ".join("%s=%s" % kv for kv in self.cookies.items())
            if method != "GET" and "XSRF-TOKEN" in self.cookies:
                headers["X-XSRF-TOKEN"] = self.cookies["XSRF-TOKEN"]

    def absorb(self, set_cookies):
        with self.lock:
            for c in set_cookies:
                name, _, value = c.split(";", 1)[0].partition("=")
                if value:
                    self.cookies[name.strip()] = value.strip()
                else:
                    self.cookies.pop(name.strip(), None)


class Client:
    """One keep-alive connection to one base URL (one per thread), anonymous or in a console session."""

    def __init__(self, base, session=None, timeout=30):
        u = urllib.parse.urlsplit(base)
        self.host, self.port = u.hostname, u.port
        self.session = session
        self.timeout = timeout
        self.conn = None

    def request(self, method, path, body=None, content_type=None, expect=(200,), accept="application/json"):
        headers = {"Accept": accept}
        if body is not None:
            headers["Content-Type"] = content_type or "application/json"
            if not isinstance(body, bytes):
                body = json.dumps(body).encode() if headers["Content-Type"] == "application/json" else body.encode()
        if self.session:
            self.session.decorate(headers, method)
        for attempt in range(2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
            try:
                self.conn.request(method, path, body=body, headers=headers)
                resp = self.conn.getresponse()
                payload = resp.read()
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                # a keep-alive connection the server closed meanwhile: once more on a new one
                self.close()
                if attempt == 1:
                    raise
            except Exception:
                self.close()
                raise
        if self.session:
            self.session.absorb(resp.headers.get_all("Set-Cookie") or [])
        if resp.will_close:
            self.close()
        if expect and resp.status not in expect:
            raise HttpError("%s %s -> %d: %s" % (method, path, resp.status, payload[:300].decode(errors="replace")))
        return resp.status, payload

    def json(self, method, path, body=None, expect=(200,)):
        return json.loads(self.request(method, path, body=body, expect=expect)[1])

    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None


def login(base, user, password):
    s = Session()
    c = Client(base, session=s)
    c.request("GET", "/api/auth/csrf")
    c.request("POST", "/api/auth/login", body=urllib.parse.urlencode({"username": user, "password": password}),
              content_type="application/x-www-form-urlencoded")
    c.request("GET", "/api/auth/csrf")  # the token is rotated with the new session
    return lambda: Client(base, session=s, timeout=300)


def parallel(n, items, fn):
    """Runs fn(item) over items with n threads; re-raises the first error."""
    it = iter(items)
    lock = threading.Lock()
    errors = []

    def work():
        while not errors:
            with lock:
                nxt = next(it, None)
            if nxt is None:
                return
            try:
                fn(nxt)
            except Exception as e:  # noqa: BLE001 - re-raised below
                errors.append(e)

    threads = [threading.Thread(target=work) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise errors[0]


def pct(values, p):
    if not values:
        return float("nan")
    s = sorted(values)
    return s[min(len(s) - 1, max(0, int(round(p / 100.0 * len(s) + 0.5)) - 1))]


def ms(v):
    return "%.1f ms" % (v * 1000.0) if v == v else "-"


# ---- setup -----------------------------------------------------------------------------------

def bench_profile():
    return {
        "name": PROFILE,
        "description": "boot-storm benchmark profile",
        "kind": "debian-preseed",
        "kernelUrl": "http://mirror.example/debian/linux",
        "initrdUrls": ["http://mirror.example/debian/initrd.gz"],
        "kernelArgs": "auto=true priority=critical url={{answerUrl}} netcfg/get_ipaddress={{ip}} hostname={{shortHostname}}",
        "answerTemplate": "# preseed for {{hostname}}\nd-i netcfg/get_ipaddress string {{ip}}\n"
                          "d-i preseed/late_command string wget -q -O /dev/null {{installedUrl}}\n",
        "variables": {},
        "reinstallOnReboot": True,
        "maxInstallBoots": 3,
    }


def hostname(i):
    return "storm-%05d.bench.example" % i


def import_csv(n):
    rows = ["hostname,macs,ip,prefixLength,gateway,dns,firmware,nicDriver,profile,labels"]
    for i in range(n):
        rows.append("%s,52:54:40:%02x:%02x:%02x,10.%d.%d.%d,16,10.%d.255.1,10.80.255.2,auto,full,%s,bench=storm" % (
            hostname(i), i >> 16 & 255, i >> 8 & 255, i & 255, 80 + i // 50000, i // 200 % 250, i % 200 + 10,
            80 + i // 50000, PROFILE))
    return "\n".join(rows) + "\n"


def list_hosts(admin):
    """{hostname: id} of every host, through the paged host list."""
    c = admin()
    out, page = {}, 0
    while True:
        p = c.json("GET", "/api/hosts?size=500&page=%d" % page)
        for h in p["items"]:
            out[h["hostname"]] = h["id"]
        page += 1
        if page >= p["totalPages"]:
            return out


def token(secret, host_id, version):
    """docs/boot-protocol.md section 2: base64url(HMAC-SHA256(secret, "bootwarden-host-token:<id>:<version>"))[:32]."""
    mac = hmac.new(secret.encode(), ("bootwarden-host-token:%s:%d" % (host_id, version)).encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(mac).decode().rstrip("=")[:32]


def setup(args, admin):
    t0 = time.time()
    c = admin()
    c.request("POST", "/api/profiles", bench_profile(), expect=(201,))
    result = json.loads(c.request("POST", "/api/hosts/import?mode=apply", body=import_csv(args.hosts), content_type="text/csv",
                                  expect=(200,))[1])
    if result["summary"]["create"] != args.hosts:
        raise HttpError("import created %s hosts, expected %d" % (result["summary"], args.hosts))
    t_import = time.time() - t0
    listed = list_hosts(admin)
    hosts = []
    for i in range(args.hosts):
        hid = listed[hostname(i)]
        # a new host's token version is 1 (raised only by POST /api/hosts/{id}/rotate-token)
        hosts.append((hid, token(args.token_secret, hid, 1)))
    # the computed tokens are the ones the hosts' boot images carry (a sample, as an operator downloads them)
    for hid, tok in random.Random(7).sample(hosts, min(20, len(hosts))):
        m = BOOT_URL.search(c.request("GET", "/api/hosts/%s/script" % hid, accept="text/plain")[1].decode())
        if not m or m.group(1) != hid or m.group(2) != tok:
            raise HttpError("the computed token of host %s differs from its client script's" % hid)
    armed = set(range(0, args.hosts, max(1, round(1 / args.armed_fraction))) if args.armed_fraction > 0 else [])
    t1 = time.time()
    clients = [admin() for _ in range(args.setup_threads)]
    lock = threading.Lock()

    def arm(i):
        with lock:
            cl = clients.pop()
        try:
            h = cl.json("POST", "/api/hosts/%s/arm" % hosts[i][0], {"reason": "boot-storm benchmark"})
            if h["bootState"] != "ARMED":
                raise HttpError("host %s is %s after arming" % (hosts[i][0], h["bootState"]))
        finally:
            with lock:
                clients.append(cl)

    parallel(args.setup_threads, sorted(armed), arm)
    print("setup: %d hosts imported in %.0f s, %d armed (emergency arm) in %.0f s" % (
        args.hosts, t_import, len(armed), time.time() - t1), file=sys.stderr, flush=True)
    return hosts, armed


# ---- the storm (several client processes, each with threads) ---------------------------------

def storm_process(bases, jobs, t_start, threads, timeout, seed, out):
    """Runs jobs [(due offset s, host index, host id, token, armed)] in due order; puts the results on out."""
    jobs = sorted(jobs)
    lock = threading.Lock()
    nxt = [0]
    lat = {t: [] for t in TYPES}
    errors = {"non-2xx": 0, "wrong decision": 0, "timeout or connection error": 0}
    examples = []
    late = []
    outcomes = {}  # host index -> "ok" or what went wrong

    def err(kind, what):
        with lock:
            errors[kind] += 1
            if len(examples) < 5:
                examples.append("%s: %s" % (kind, what[:300]))

    def run(k):
        rnd = random.Random(seed * 1000 + k)
        conns = {b: Client(b, timeout=timeout) for b in bases}

        def get(kind, path, must=None, must_not=None):
            c = conns[rnd.choice(bases)]
            t0 = time.perf_counter()
            try:
                status, body = c.request("GET", path, expect=None, accept="text/plain")
            except Exception as e:  # noqa: BLE001 - counted
                err("timeout or connection error", "%s %s: %r" % (kind, path, e))
                return None
            dt = time.perf_counter() - t0
            with lock:
                lat[kind].append(dt)
            if not 200 <= status < 300:
                err("non-2xx", "%s %s -> %d %s" % (kind, path, status, body[:200].decode(errors="replace")))
                return None
            if (must and must not in body) or (must_not and must_not in body):
                err("wrong decision", "%s %s: %s" % (kind, path, body[:200].decode(errors="replace")))
                return None
            return body

        while True:
            with lock:
                i = nxt[0]
                nxt[0] += 1
            if i >= len(jobs):
                return
            due, n, hid, tok, armed = jobs[i]
            wait = t_start + due - time.time()
            if wait > 0:
                time.sleep(wait)
            else:
                with lock:
                    late.append(-wait)
            base = "/boot/%s/%s" % (hid, tok)
            script = base + "/script?mac=52:54:40:%02x:%02x:%02x&uuid=00000000-0000-0000-0000-%012x&platform=pcbios&arch=x86_64" % (
                n >> 16 & 255, n >> 8 & 255, n & 255, n)
            ok = False
            if not armed:
                ok = get("LOCAL script", script, must=LOCAL_MARK) is not None
            elif get("installer script", script, must=INSTALLER_MARK, must_not=LOCAL_MARK) is not None:
                ok = (get("answer file", base + "/answer", must=b"preseed") is not None
                      and get("callback", base + "/installed") is not None
                      and get("script after install", script, must=LOCAL_MARK) is not None)
            with lock:
                outcomes[n] = ok

    ts = [threading.Thread(target=run, args=(k,), daemon=True) for k in range(threads)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    out.put((lat, errors, examples, late, outcomes))


def run_storm(args, hosts, armed):
    rnd = random.Random(42)
    jobs = [(rnd.uniform(0, args.window), i, hosts[i][0], hosts[i][1], i in armed) for i in range(len(hosts))]
    bases = args.bases.split(",")
    t_start = time.time() + 2.0  # every process has started by then
    out = multiprocessing.Queue()
    procs = []
    for p in range(args.processes):
        mine = jobs[p::args.processes]
        procs.append(multiprocessing.Process(target=storm_process, args=(
            bases, mine, t_start, args.threads, args.timeout, p, out), daemon=True))
    for p in procs:
        p.start()
    results = [out.get() for _ in procs]
    wall = time.time() - t_start
    for p in procs:
        p.join()
    lat = {t: [] for t in TYPES}
    errors = {}
    examples, late, outcomes = [], [], {}
    for r_lat, r_err, r_ex, r_late, r_out in results:
        for t in TYPES:
            lat[t].extend(r_lat[t])
        for k, v in r_err.items():
            errors[k] = errors.get(k, 0) + v
        examples.extend(r_ex)
        late.extend(r_late)
        outcomes.update(r_out)
    return lat, errors, examples, late, outcomes, wall


# ---- server-side figures and verification ---------------------------------------------------

BUCKET = re.compile(r'^bootwarden_boot_answer_seconds_bucket\{([^}]*)\} (\S+)$')


def answer_buckets(admins):
    """{decision: {le: count}} summed over the replicas."""
    total = {}
    for admin in admins:
        text = admin().request("GET", "/actuator/prometheus", accept="text/plain")[1].decode()
        for line in text.splitlines():
            m = BUCKET.match(line)
            if not m:
                continue
            labels = dict(kv.split("=", 1) for kv in re.findall(r'(\w+="[^"]*")', m.group(1)))
            d, le = labels.get("decision", "").strip('"'), labels.get("le", "").strip('"')
            total.setdefault(d, {})
            total[d][le] = total[d].get(le, 0.0) + float(m.group(2))
    return total


def bucket_quantile(before, after, q):
    """The upper bound of the bucket the q-quantile of the difference falls into (as Prometheus' buckets allow)."""
    les = sorted((float("inf") if le == "+Inf" else float(le), le) for le in after)
    counts = [(v, after[le] - before.get(le, 0.0)) for v, le in les]
    n = counts[-1][1] if counts else 0
    if n <= 0:
        return None, 0
    for v, c in counts:
        if c >= q * n:
            return v, int(n)
    return float("inf"), int(n)


def fetch_audit(c, action, since):
    """{targetId: count} of the audit records of one action since the storm began."""
    counts, page = {}, 0
    while True:
        p = c.json("GET", "/api/audit?action=%s&from=%s&size=500&page=%d" % (action, urllib.parse.quote(since), page))
        for e in p["items"]:
            counts[e["targetId"]] = counts.get(e["targetId"], 0) + 1
        page += 1
        if page >= p["totalPages"]:
            return counts


def verify(args, admin, hosts, armed, since):
    c = admin()
    problems = []
    # boot answers are audited in batches (every 500 ms per replica): wait until the last ones are written
    deadline = time.time() + 60
    while True:
        local = c.json("GET", "/api/hosts?state=LOCAL&size=1")["totalItems"]
        completed = fetch_audit(c, "install.completed", since)
        still_open = c.json("GET", "/api/tickets?open=true&size=1")["totalItems"]
        if (local == len(hosts) and len(completed) == len(armed) and not still_open) or time.time() > deadline:
            break
        time.sleep(0.5)
    installs = fetch_audit(c, "boot.install", since)
    armed_ids = {hosts[i][0] for i in armed}
    for name, counts in (("boot.install (ARMED -> INSTALLING)", installs), ("install.completed (INSTALLING -> LOCAL)", completed)):
        missing = [h for h in armed_ids if counts.get(h, 0) == 0]
        twice = [h for h, n in counts.items() if n > 1]
        others = [h for h in counts if h not in armed_ids]
        if missing:
            problems.append("%d armed hosts without %s (e.g. %s)" % (len(missing), name, missing[:2]))
        if twice:
            problems.append("%d hosts with %s more than once (e.g. %s)" % (len(twice), name, twice[:2]))
        if others:
            problems.append("%d hosts that were not armed have %s (e.g. %s)" % (len(others), name, others[:2]))
    for action in ("boot.hold", "boot.duplicate", "boot.error", "boot.bad-token", "boot.unknown-host", "host.held",
                   "install.failed", "answer.refused", "callback.refused"):
        n = sum(fetch_audit(c, action, since).values())
        if n:
            problems.append("%d audit records %s during the storm" % (n, action))
    if local != len(hosts):
        problems.append("%d of %d hosts LOCAL afterwards" % (local, len(hosts)))
    if still_open:
        problems.append("%d tickets still open" % still_open)
    return problems, len(installs), len(completed), local


def loadavg():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bases", required=True, help="comma-separated base URLs of the replicas")
    ap.add_argument("--admin-password", required=True)
    ap.add_argument("--token-secret", required=True, help="the replicas' BOOTWARDEN_TOKEN_SECRET (boot tokens are derived from it)")
    ap.add_argument("--label", default="", help="what the first column of the result says (the database)")
    ap.add_argument("--hosts", type=int, default=10000)
    ap.add_argument("--armed-fraction", type=float, default=0.1)
    ap.add_argument("--window", type=float, default=60.0, help="seconds over which the hosts' boots start")
    ap.add_argument("--processes", type=int, default=4, help="client processes")
    ap.add_argument("--threads", type=int, default=32, help="threads (keep-alive connections per replica) per client process")
    ap.add_argument("--timeout", type=float, default=30.0, help="seconds a request may take before it counts as a timeout")
    ap.add_argument("--setup-threads", type=int, default=4)
    args = ap.parse_args()
    bases = args.bases.split(",")

    admins = [login(b, "admin", args.admin_password) for b in bases]
    hosts, armed = setup(args, admins[0])
    b0 = answer_buckets(admins)
    since = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() - 1))
    load_before = loadavg()
    print("storm starts at %s: %d hosts (%d armed) within %.0f s on %d replica(s); load average %s" % (
        time.strftime("%H:%M:%S"), len(hosts), len(armed), args.window, len(bases), load_before), file=sys.stderr, flush=True)
    lat, errors, examples, late, outcomes, wall = run_storm(args, hosts, armed)
    b1 = answer_buckets(admins)
    problems, installs, completed, local = verify(args, admins[0], hosts, armed, since)
    failed_hosts = [n for n, ok in outcomes.items() if not ok]
    if len(outcomes) != len(hosts):
        problems.append("%d of %d hosts booted" % (len(outcomes), len(hosts)))

    total = sum(len(v) for v in lat.values())
    print()
    print("| boot storm | replicas | hosts (armed) | window | requests | wall time | requests/s | errors | load average before / after |")
    print("|---|---|---|---|---|---|---|---|---|")
    print("| %s | %d | %d (%d) | %.0f s | %d | %.1f s | %.0f | %d | %s / %s |" % (
        args.label, len(bases), len(hosts), len(armed), args.window, total, wall, total / wall, sum(errors.values()),
        load_before, loadavg()))
    print()
    print("| request (client-side latency) | count | p50 | p95 | p99 | max |")
    print("|---|---|---|---|---|---|")
    for t in TYPES:
        v = lat[t]
        print("| %s | %d | %s | %s | %s | %s |" % (t, len(v), ms(pct(v, 50)), ms(pct(v, 95)), ms(pct(v, 99)),
                                                  ms(max(v) if v else float("nan"))))
    print()
    print("| server side: `bootwarden_boot_answer_seconds` (bucket bounds) | answers | p50 at most | p99 at most |")
    print("|---|---|---|---|")
    for d in sorted(b1):
        p50, n = bucket_quantile(b0.get(d, {}), b1[d], 0.5)
        p99, _ = bucket_quantile(b0.get(d, {}), b1[d], 0.99)
        if n:
            print("| decision=%s | %d | %s | %s |" % (d, n, ms(p50), ms(p99)))
    print()
    print("errors: %s; hosts with an error: %d; requests sent more than 100 ms late: %d (max %s)" % (
        ", ".join("%s %d" % kv for kv in errors.items()), len(failed_hosts), sum(1 for x in late if x > 0.1),
        ms(max(late) if late else 0.0)))
    for e in examples:
        print("  e.g. " + e)
    print()
    print("verified through the API: %d boot.install and %d install.completed records (%d armed hosts), %d hosts LOCAL%s" % (
        installs, completed, len(armed), local, "" if not problems else "; PROBLEMS: " + "; ".join(problems)))
    return 1 if problems or sum(errors.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
