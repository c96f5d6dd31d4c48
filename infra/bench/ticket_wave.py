#!/usr/bin/env python3
"""Benchmark helper (not a test) for infra/bench/ticket-wave.sh: a reimage wave driven through the
whole ticket process over HTTP, against a server that is already running.

Setup (not timed): a benchmark profile, the wave hosts and the probe hosts, one ISO download per
wave host (so the tickets need no ISO build: a reimage), every host's boot token (from its client
script, as an operator downloads it), and a small warm-up wave.

The timed wave: the requester files one ticket per wave host; the approver polls its task list and
approves every task with a comment; each approved host boots (GET /boot/{id}/{token}/script, must
get the installer) and calls back /installed. Client workers pull from one queue, callbacks first,
then boots, approvals, submissions, so tickets flow through while others are still being filed.
Meanwhile a separate process boots the LOCAL probe hosts at a steady rate and records latencies.

Python 3 standard library only. Prints the figures; exits non-zero when the wave did not complete.
"""
import argparse
import base64
import http.client
import itertools
import json
import multiprocessing
import queue
import re
import sys
import threading
import time
import urllib.parse

BOOT_URL = re.compile(r"/boot/([0-9a-f-]{36})/([A-Za-z0-9_-]{32})/script\?")
PROFILE = "bench-wave"


class HttpError(Exception):
    pass


class Client:
    """One keep-alive connection (use one per thread), as a user (HTTP Basic or a console session) or anonymously."""

    def __init__(self, base, auth=None, session=None):
        u = urllib.parse.urlsplit(base)
        self.host, self.port = u.hostname, u.port
        self.conn = None
        self.auth = auth  # ("user", "password") for HTTP Basic
        self.session = session  # Session: cookies + CSRF header

    def request(self, method, path, body=None, form=None, expect=(200,), accept="application/json"):
        headers = {"Accept": accept}
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        elif form is not None:
            data = urllib.parse.urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if self.auth:
            headers["Authorization"] = "Basic " + base64.b64encode(("%s:%s" % self.auth).encode()).decode()
        if self.session:
            self.session.decorate(headers, method)
        for attempt in range(2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=120)
            try:
                self.conn.request(method, path, body=data, headers=headers)
                resp = self.conn.getresponse()
                payload = resp.read()
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.conn.close()
                self.conn = None
                if attempt == 1 or method != "GET":
                    raise
        if self.session:
            self.session.absorb(resp.headers.get_all("Set-Cookie") or [])
        if resp.will_close:
            self.conn.close()
            self.conn = None
        if resp.status not in expect:
            raise HttpError("%s %s -> %d: %s" % (method, path, resp.status, payload[:300].decode(errors="replace")))
        return resp.status, payload

    def json(self, method, path, body=None, expect=(200,)):
        return json.loads(self.request(method, path, body=body, expect=expect)[1])


class Session:
    """A console session (form login, session cookie, CSRF header), shared by any number of Clients."""

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

    @staticmethod
    def login(base, user, password):
        s = Session()
        c = Client(base, session=s)
        c.request("GET", "/api/auth/csrf")
        c.request("POST", "/api/auth/login", form={"username": user, "password": password})
        c.request("GET", "/api/auth/csrf")  # the token is rotated with the new session
        return s


def user_client(args, who):
    name, password = who
    if args.auth == "basic":
        return lambda: Client(args.base, auth=(name, password))
    session = Session.login(args.base, name, password)
    return lambda: Client(args.base, session=session)


def pct(values, p):
    if not values:
        return float("nan")
    s = sorted(values)
    return s[min(len(s) - 1, max(0, int(round(p / 100.0 * len(s) + 0.5)) - 1))]


def ms(v):
    return "%.1f ms" % (v * 1000.0)


def parallel(n, items, fn):
    """Runs fn(client_index, item) over items with n threads; re-raises the first error."""
    it = iter(enumerate(items))
    lock = threading.Lock()
    errors = []

    def work(k):
        while not errors:
            with lock:
                nxt = next(it, None)
            if nxt is None:
                return
            try:
                fn(k, nxt[1])
            except Exception as e:  # noqa: BLE001 - reported below
                errors.append(e)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise errors[0]


# ---- setup -----------------------------------------------------------------------------------

def host_body(i, prefix):
    return {
        "hostname": "%s-%04d.bench.example" % (prefix, i),
        "macs": ["52:54:%02x:%02x:%02x:%02x" % ((0x10 if prefix == "wave" else 0x20 if prefix == "probe" else 0x30),
                                               0, i >> 8 & 255, i & 255)],
        "ip": "10.%d.%d.%d" % ({"wave": 64, "probe": 65, "warm": 66}[prefix], i // 200, i % 200 + 10),
        "prefixLength": 16,
        "gateway": "10.%d.255.1" % {"wave": 64, "probe": 65, "warm": 66}[prefix],
        "dns": ["10.64.255.2"],
        "firmware": "auto",
        "nicDriver": "full",
        "profile": PROFILE,
        "labels": {"bench": prefix},
    }


def bench_profile():
    return {
        "name": PROFILE,
        "description": "ticket-wave benchmark profile",
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


def create_hosts(args, admin, prefix, count, with_iso):
    """Creates hosts, downloads each one's ISO when asked; returns [(id, token, mac)]."""
    out = [None] * count
    clients = [admin() for _ in range(args.setup_threads)]

    def one(k, i):
        c = clients[k]
        hid = c.json("POST", "/api/hosts", host_body(i, prefix), expect=(201,))["id"]
        if with_iso:
            c.request("GET", "/api/hosts/%s/iso" % hid)
        m = BOOT_URL.search(c.request("GET", "/api/hosts/%s/script" % hid)[1].decode())
        if not m or m.group(1) != hid:
            raise HttpError("no boot URL in the client script of host %s" % hid)
        out[i] = (hid, m.group(2), host_body(i, prefix)["macs"][0])

    parallel(args.setup_threads, range(count), one)
    return out


def boot_path(host):
    hid, token, mac = host
    return "/boot/%s/%s/script?mac=%s&uuid=00000000-0000-0000-0000-000000000000&platform=pcbios&arch=x86_64" % (
        hid, token, mac)


# ---- the wave --------------------------------------------------------------------------------

CALLBACK, BOOT, APPROVE, SUBMIT = range(4)


def run_wave(args, hosts, requester, approver, timings):
    """Drives every host through submit, approval, boot and callback; returns the ticket ids."""
    jobs = queue.PriorityQueue()
    seq = itertools.count()
    ticket_host = {}  # ticket id -> host
    tickets = []
    seen_tasks = set()
    done = threading.Event()
    state = {"completed": 0, "approved": 0}
    lock = threading.Lock()
    errors = []
    total = len(hosts)
    for h in hosts:
        jobs.put((SUBMIT, next(seq), h))

    def timed(step, fn):
        t0 = time.perf_counter()
        r = fn()
        timings.setdefault(step, []).append(time.perf_counter() - t0)
        return r

    def worker():
        req, appr, anon = requester(), approver(), Client(args.base)
        while not done.is_set():
            try:
                kind, _, item = jobs.get(timeout=0.05)
            except queue.Empty:
                continue
            try:
                if kind == SUBMIT:
                    t = timed("submit", lambda: req.json("POST", "/api/tickets", {
                        "hostId": item[0], "reason": "reimage wave (bench)"}, expect=(201,)))
                    if t["status"] != "PENDING_APPROVAL":
                        raise HttpError("ticket %s is %s after submit" % (t["id"], t["status"]))
                    with lock:
                        ticket_host[t["id"]] = item
                        tickets.append(t["id"])
                elif kind == APPROVE:
                    task_id, ticket_id = item
                    t = timed("approve", lambda: appr.json("POST", "/api/tasks/%s/complete" % task_id, {
                        "outcome": "approve", "comment": "wave approved (bench)"}))
                    if t["status"] != "ARMED":
                        raise HttpError("ticket %s is %s after approval" % (ticket_id, t["status"]))
                    with lock:
                        state["approved"] += 1
                    jobs.put((BOOT, next(seq), ticket_host[ticket_id]))
                elif kind == BOOT:
                    body = timed("boot", lambda: anon.request("GET", boot_path(item))[1].decode())
                    if "boot state LOCAL" in body or "kernel --name kernel" not in body:
                        raise HttpError("host %s did not get its installer: %s" % (item[0], body[:200]))
                    jobs.put((CALLBACK, next(seq), item))
                elif kind == CALLBACK:
                    timed("callback", lambda: anon.request("GET", "/boot/%s/%s/installed" % (item[0], item[1])))
                    with lock:
                        state["completed"] += 1
                        if state["completed"] == total:
                            done.set()
            except Exception as e:  # noqa: BLE001 - the wave stops and reports it
                errors.append(e)
                done.set()

    def lister():
        """
        The approver's script: list the group's tasks (a page, oldest first), approve the new ones,
        and list again once most of them are done, at most every --poll-interval seconds.
        """
        appr = approver()
        while not done.is_set():
            page = timed("task list", lambda: appr.json("GET", "/api/tasks?size=%d" % args.task_page))
            new = 0
            for t in page["items"]:
                if t["key"] == "UserTask_Approve" and t["id"] not in seen_tasks and t["allowed"]:
                    tid = t["ticket"]["id"]
                    with lock:
                        known = tid in ticket_host
                    if not known:
                        continue  # its submit response is still on its way
                    seen_tasks.add(t["id"])
                    jobs.put((APPROVE, next(seq), (t["id"], tid)))
                    new += 1
            if len(seen_tasks) == total:
                return
            time.sleep(args.poll_interval)
            while not done.is_set() and len(seen_tasks) - state["approved"] > args.task_page // 4:
                time.sleep(0.01)

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(args.concurrency)]
    threads.append(threading.Thread(target=lister, daemon=True))
    for t in threads:
        t.start()
    done.wait()
    for t in threads:
        t.join(timeout=10)
    if errors:
        raise errors[0]
    return tickets


# ---- the LOCAL probe (own process, so the client's GIL does not inflate its latencies) --------

def probe(base, hosts, rate, stop, out):
    """Boots LOCAL hosts round robin at `rate` per second (4 connections, each on its own schedule)."""
    lat, errors, late = [], [0], [0]
    lock = threading.Lock()
    threads = 4
    t_start = time.perf_counter()

    def run(k):
        c = Client(base)
        n = 0
        while not stop.is_set():
            due = t_start + (n * threads + k) / rate
            now = time.perf_counter()
            if due > now:
                time.sleep(due - now)
            elif now - due > 0.005:
                with lock:
                    late[0] += 1
            h = hosts[(n * threads + k) % len(hosts)]
            t0 = time.perf_counter()
            try:
                body = c.request("GET", boot_path(h))[1]
                ok = b"boot state LOCAL" in body
            except Exception:  # noqa: BLE001 - counted
                ok = False
            dt = time.perf_counter() - t0
            with lock:
                lat.append(dt)
                if not ok:
                    errors[0] += 1
            n += 1

    ts = [threading.Thread(target=run, args=(k,)) for k in range(threads)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    out.put((lat, errors[0], late[0], time.perf_counter() - t_start))


def start_probe(args, hosts):
    stop, out = multiprocessing.Event(), multiprocessing.Queue()
    p = multiprocessing.Process(target=probe, args=(args.base, hosts, args.probe_rate, stop, out), daemon=True)
    p.start()
    return p, stop, out


def stop_probe(p, stop, out):
    stop.set()
    lat, errors, late, secs = out.get(timeout=60)
    p.join()
    return lat, errors, late, secs


def probe_line(name, res):
    lat, errors, late, secs = res
    return "| %s | %d (%.0f/s) | %s | %s | %s | %d | %d |" % (
        name, len(lat), len(lat) / secs if secs else 0, ms(pct(lat, 50)), ms(pct(lat, 99)), ms(max(lat) if lat else 0),
        errors, late)


# ---- what the server and the machine spent (robust figures on a shared machine) ----------------

def cpu_snapshot(args, admin):
    """Server process CPU seconds, machine busy/total jiffies, and the JVM's GC pause count and sum."""
    snap = {"server_cpu": None, "gc_count": 0.0, "gc_sum": 0.0}
    if args.server_pid:
        with open("/proc/%d/stat" % args.server_pid) as f:
            fields = f.read().rsplit(")", 1)[1].split()
        snap["server_cpu"] = (int(fields[11]) + int(fields[12])) / 100.0  # utime + stime (clock ticks, USER_HZ 100)
    with open("/proc/stat") as f:
        cpu = [int(x) for x in f.readline().split()[1:]]
    snap["machine_total"], snap["machine_idle"] = sum(cpu[:8]), cpu[3] + cpu[4]
    for line in admin().request("GET", "/actuator/prometheus", accept="text/plain")[1].decode().splitlines():
        if line.startswith("jvm_gc_pause_seconds_count"):
            snap["gc_count"] += float(line.rsplit(" ", 1)[1])
        elif line.startswith("jvm_gc_pause_seconds_sum"):
            snap["gc_sum"] += float(line.rsplit(" ", 1)[1])
    return snap


def cpu_line(before, after, tickets, wall):
    total = after["machine_total"] - before["machine_total"]
    busy = total - (after["machine_idle"] - before["machine_idle"])
    parts = ["machine busy %.0f%% of %d cores during the wave" % (100.0 * busy / total if total else 0,
                                                                   multiprocessing.cpu_count())]
    if before["server_cpu"] is not None:
        cpu = after["server_cpu"] - before["server_cpu"]
        parts.append("server process %.1f CPU-s (%.0f%% of the machine, %.0f ms per ticket)" % (
            cpu, 100.0 * cpu / (wall * multiprocessing.cpu_count()), 1000.0 * cpu / tickets))
    parts.append("GC pauses %d, %.2f s in total" % (after["gc_count"] - before["gc_count"], after["gc_sum"] - before["gc_sum"]))
    return "; ".join(parts)


# ---- verification ----------------------------------------------------------------------------

def verify(args, admin, wave_tickets, all_hosts):
    c = admin()
    completed = set()
    page = 0
    while True:
        p = c.json("GET", "/api/tickets?status=COMPLETED&size=500&page=%d" % page)
        completed.update(t["id"] for t in p["items"])
        page += 1
        if page >= p["totalPages"]:
            break
    missing = [t for t in wave_tickets if t not in completed]
    still_open = c.json("GET", "/api/tickets?open=true&size=1")["totalItems"]
    local = c.json("GET", "/api/hosts?state=LOCAL&size=1")["totalItems"]
    problems = []
    if len(wave_tickets) != args.hosts:
        problems.append("%d tickets filed, expected %d" % (len(wave_tickets), args.hosts))
    if missing:
        problems.append("%d wave tickets not COMPLETED (e.g. %s)" % (len(missing), missing[:3]))
    if still_open:
        problems.append("%d tickets still open" % still_open)
    if local != all_hosts:
        problems.append("%d of %d hosts LOCAL" % (local, all_hosts))
    return problems, len(completed), local


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--base", required=True)
    ap.add_argument("--admin-password", required=True)
    ap.add_argument("--approver", required=True, help="user:password of a user with role APPROVER (not admin)")
    ap.add_argument("--server-pid", type=int, help="the server's process id, for its CPU time during the wave")
    ap.add_argument("--label", default="", help="what the first column of the result says (the database)")
    ap.add_argument("--hosts", type=int, default=1000)
    ap.add_argument("--local-hosts", type=int, default=50)
    ap.add_argument("--warmup", type=int, default=20, help="hosts of an untimed warm-up wave")
    ap.add_argument("--concurrency", type=int, default=8)
    ap.add_argument("--probe-rate", type=float, default=200.0)
    ap.add_argument("--task-page", type=int, default=100)
    ap.add_argument("--poll-interval", type=float, default=0.5, help="the approver lists its tasks at most this often (s)")
    ap.add_argument("--setup-threads", type=int, default=3)
    ap.add_argument("--auth", choices=("session", "basic"), default="session",
                    help="session: each user logs in once (console login); basic: HTTP Basic on every request")
    args = ap.parse_args()
    approver_user = tuple(args.approver.split(":", 1))

    t0 = time.time()
    admin = user_client(args, ("admin", args.admin_password))
    admin().request("POST", "/api/profiles", bench_profile(), expect=(201,))
    wave_hosts = create_hosts(args, admin, "wave", args.hosts, True)
    warm_hosts = create_hosts(args, admin, "warm", args.warmup, True)
    probe_hosts = create_hosts(args, admin, "probe", args.local_hosts, False)
    print("setup: %d wave hosts with ISO, %d warm-up hosts, %d LOCAL probe hosts in %.0f s" % (
        len(wave_hosts), len(warm_hosts), len(probe_hosts), time.time() - t0), file=sys.stderr)
    requester = admin
    approver = user_client(args, approver_user)

    if warm_hosts:
        run_wave(args, warm_hosts, requester, approver, {})
    idle = start_probe(args, probe_hosts)
    time.sleep(5)
    idle_res = stop_probe(*idle)

    timings = {}
    print("wave starts at %s" % time.strftime("%H:%M:%S"), file=sys.stderr, flush=True)
    pr = start_probe(args, probe_hosts)
    c0 = cpu_snapshot(args, admin)
    w0 = time.perf_counter()
    tickets = run_wave(args, wave_hosts, requester, approver, timings)
    wall = time.perf_counter() - w0
    c1 = cpu_snapshot(args, admin)
    wave_res = stop_probe(*pr)

    problems, completed, local = verify(args, admin, tickets, args.hosts + args.warmup + args.local_hosts)

    print()
    print("| wave | hosts | client workers | wall time | tickets completed/s |")
    print("|---|---|---|---|---|")
    print("| %s | %d | %d (+1 task-list poller), auth %s | %.1f s | %.1f |" % (
        args.label, args.hosts, args.concurrency, args.auth, wall, args.hosts / wall))
    print()
    print("| step | count | p50 | p99 | max |")
    print("|---|---|---|---|---|")
    for step in ("submit", "task list", "approve", "boot", "callback"):
        v = timings.get(step, [])
        print("| %s | %d | %s | %s | %s |" % (step, len(v), ms(pct(v, 50)), ms(pct(v, 99)), ms(max(v) if v else 0)))
    print()
    print("| LOCAL probe (%d hosts, target %.0f/s) | answers | p50 | p99 | max | errors | sent >5 ms late |" % (
        args.local_hosts, args.probe_rate))
    print("|---|---|---|---|---|---|---|")
    print(probe_line("idle, before the wave (5 s)", idle_res))
    print(probe_line("during the wave", wave_res))
    print()
    print(cpu_line(c0, c1, args.hosts, wall))
    print()
    print("verified through the API: %d tickets COMPLETED (incl. %d warm-up), %d hosts LOCAL%s" % (
        completed, args.warmup, local, "" if not problems else ": PROBLEMS: " + "; ".join(problems)))
    return 1 if problems or wave_res[1] else 0


if __name__ == "__main__":
    sys.exit(main())
