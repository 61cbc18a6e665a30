"""Load benchmark: the deadline-day mix against gunicorn on the national data (issue 17).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/perf .venv/bin/python bench/load.py \\
        [--scale 0.1] [--seconds 20] [--rates 2,5,10,20,30,40] [--users 12] [--workers 3 --threads 4]
        [--past-break 2] [--budget-ms 2000] [--standing-budget-ms 300]

- Fills an empty database with `generate_national --scale S` first (refuses a database that has
  agencies but no generated accounts).
- Starts gunicorn (gthread, DEBUG off, loopback only, --max-requests) on a free port and a Celery
  worker on both queues beside it (REDIS_URL: use a Redis database of your own), as in production:
  the saves' tasks run and /healthz sees a worker; stops both at the end.
- Logs in the simulated users through the real login form (CSRF token from the form): the
  national observer, the Biro of Kalimantan Tengah and agency admins.
- For each arrival rate (requests per second, open loop: requests are sent on schedule whether
  or not earlier ones have answered; latency counts from the scheduled time, so a queue in the
  client counts as waiting) it replays the mix for `--seconds`: 70 % pages (home, plan detail,
  agency plans, target page, matrix, verification queue, my plans), 20 % quarterly-report saves
  by agency admins (POST with the CSRF token, a draft of TW IV), 10 % API reads. Each step is
  bounded: `rate × seconds` requests at most, 10 s timeout per request.
- Stops stepping `--past-break` steps after p95 > 1 s or errors > 1 % (the breaking point), and
  prints per step p50/p95/p99, errors, throughput and its ratio to the /healthz ceiling measured
  in the same run, with `uptime`; past the break, goodput (answers that succeeded within 1 s, per
  second), the requests shed (503, reformportal/shedding.py) and /healthz's worst time during the
  step (probed twice a second) show whether the portal holds or collapses.
- After the steps, the CPU each part used per request sent, and the cores it used: gunicorn (master
  and workers), the PostgreSQL backends of this database, the Celery worker and this process (the
  load generator, without its /healthz probe and its CPU meter), read from /proc twice a second.
  The machine's other work moves these far less than the times.
- The mix is sent by one asyncio loop over plain sockets (no threads, no HTTP library), following
  GET redirects as a browser does; the /healthz ceiling is measured with the same client.
- Each request carries `X-Request-Start` with its scheduled time, as nginx stamps it in
  production, and `Connection: close`, as nginx's upstream has no keep-alive; `--budget-ms` and
  `--standing-budget-ms` are gunicorn's REQUEST_QUEUE_BUDGET_MS (0: nothing is shed) and
  REQUEST_QUEUE_STANDING_BUDGET_MS (reformportal/shedding.py).
"""

import argparse
import asyncio
import os
import random
import re
import resource
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reformportal.settings")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/11")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402

HOST = "127.0.0.1"
API = ["/api/v1/progress-reports/", "/api/v1/action-plans/"]
TIMEOUT = 10
# nginx's upstream has no `keepalive` (deploy/nginx.conf): one connection per request. Keep-alive
# clients would hold gunicorn's --worker-connections slots while idle and starve the accept loop.
AS_NGINX = {"Connection": "close"}
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def free_port():
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def ensure_data(scale):
    from django.core.management import call_command

    from actionplans.models import ActionPlan
    from actionplans.national import bench_username
    from agencies.models import Opd, User

    if not Opd.objects.exists():
        print(f"generating the national data set at scale {scale} ...", flush=True)
        call_command("generate_national", "--scale", str(scale), "--force")
    if not User.objects.filter(username=bench_username("observer")).exists():
        sys.exit("this database has agencies but no generated accounts: use a fresh database (generate_national)")
    print(f"data: {Opd.objects.count()} agencies, {ActionPlan.objects.count()} action plans", flush=True)


def production_env(budget_ms, standing_budget_ms):
    """gunicorn's and the worker's environment: DEBUG off, plain HTTP on loopback."""
    return {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": os.environ.get("SECRET_KEY", "load-benchmark-only-" + "x" * 40),
        "ALLOWED_HOSTS": HOST,
        # plain HTTP on loopback: no TLS redirect, cookies without the Secure flag
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "SECURE_HSTS_SECONDS": "0",
        "STATIC_ROOT": os.environ.get("STATIC_ROOT", "/tmp/load-bench-static"),
        "LOG_LEVEL": "WARNING",
        "REQUEST_QUEUE_BUDGET_MS": str(budget_ms),
        "REQUEST_QUEUE_STANDING_BUDGET_MS": str(standing_budget_ms),
        "PYTHONUNBUFFERED": "1",
    }


def start_gunicorn(port, workers, threads, env):
    static = Path(env["STATIC_ROOT"])
    if not (static / "staticfiles.json").exists():
        subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    command = [
        sys.executable, "-m", "gunicorn", "reformportal.wsgi:application", "--bind", f"{HOST}:{port}",
        "--worker-class", "gthread", "--workers", str(workers), "--threads", str(threads),
        "--max-requests", "2000", "--max-requests-jitter", "200", "--timeout", "60", "--log-level", "warning",
        "--worker-connections", "32", "--backlog", "256",  # as in docker-compose.yml
    ]
    process = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)
    base = f"http://{HOST}:{port}"
    for _ in range(120):
        try:
            requests.get(base + "/healthz", timeout=2)
            return process, base
        except requests.RequestException:
            time.sleep(0.5)
    stop(process)
    sys.exit("gunicorn did not start")


def start_celery_worker(env):
    """One worker on both queues (prefork, 1 process), as docker-compose's workers; waits for its ping."""
    from reformportal.celery import app

    hostname = f"load-bench-{os.getpid()}@localhost"
    queues = f"{settings.CELERY_QUEUE_INTERACTIVE},{settings.CELERY_QUEUE_BATCH}"
    log = open(Path("/tmp") / f"load-bench-worker-{os.getpid()}.log", "wb")  # noqa: SIM115
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "reformportal", "worker", "--concurrency", "1", "-Q", queues,
         "-n", hostname, "--without-gossip", "--without-mingle", "--loglevel", "WARNING"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while not app.control.ping(destination=[hostname], timeout=1.0):
        if time.monotonic() > deadline or worker.poll() is not None:
            stop(worker)
            sys.exit("the Celery worker did not start; see " + log.name)
    return worker


def stop(process):
    """SIGTERM to the process group (gunicorn's or the worker's children too), then wait."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def log_in(base, username):
    session = requests.Session()
    form = session.get(base + "/accounts/login/", timeout=TIMEOUT)
    token = CSRF_FIELD.search(form.text).group(1)
    response = session.post(
        base + "/accounts/login/",
        data={"csrfmiddlewaretoken": token, "username": username, "password": settings.DEMO_PASSWORD},
        allow_redirects=False, timeout=TIMEOUT,
    )
    if response.status_code != 302 or "sessionid" not in session.cookies:
        sys.exit(f"login of {username} failed ({response.status_code})")
    return dict(session.cookies)


class User:
    def __init__(self, username, cookies, pages, saves=(), api=None):
        self.username, self.cookies, self.pages, self.saves = username, cookies, pages, list(saves)
        self.api = api or API


def make_users(base, count):
    """The observer, the Biro of Kalimantan Tengah and agency admins (with editable TW IV plans)."""
    from actionplans.models import ActionPlan, ProgressReport
    from actionplans.national import HOME_PROVINCE, bench_username
    from agencies.models import Membership

    overview = ["/", "/rencana-aksi/target/?tahun=2025&tw=4", "/rencana-aksi/matriks/?tahun=2025&tw=4",
                "/rencana-aksi/verifikasi/"]
    users = []
    for username, plans in (
        (bench_username("observer"), ActionPlan.objects.filter(year=2025)),
        (bench_username("biro", HOME_PROVINCE), ActionPlan.objects.filter(year=2025, opd__pemda__province__code=HOME_PROVINCE)),
    ):
        sample = list(plans.order_by("pk").values_list("pk", "opd_id")[::37][:20])
        one_object = [f"/rencana-aksi/{pk}/" for pk, _ in sample] + [f"/rencana-aksi/opd/{opd}/?tahun=2025&tw=4" for _, opd in sample]
        users.append(User(username, log_in(base, username), overview + one_object, api=API + ["/api/v1/progress-reports/?page=2"]))
    admins = Membership.objects.filter(role="opd_admin").select_related("user").order_by("pk")[:: 53][: max(1, count - 2)]
    for membership in admins:
        own = list(ActionPlan.objects.filter(opd_id=membership.opd_id, year=2025).values_list("pk", flat=True))
        locked = set(ProgressReport.objects.filter(plan_id__in=own, quarter=4).exclude(status__in=ProgressReport.EDITABLE).values_list("plan_id", flat=True))
        editable = [pk for pk in own if pk not in locked]
        pages = ["/", "/rencana-aksi/saya/", *[f"/rencana-aksi/{pk}/" for pk in own], *[f"/rencana-aksi/{pk}/tw/4/" for pk in editable]]
        users.append(User(membership.user.username, log_in(base, membership.user.username), pages, editable))
    return users


# The mix is sent by one asyncio loop over plain sockets: HTTP/1.1 with `Connection: close` needs
# no more than a request written and the answer read to its end. requests (a Session per thread,
# up to 256 threads) cost the generator 2.4-3.6 ms of CPU per request on the 2 cores it shares with
# the portal.
REDIRECTS = (301, 302, 303, 307, 308)


class HttpError(Exception):
    pass


async def http(port, method, target, headers, body=b""):
    """(status, headers as a dict of lower-case names) of one request on a new connection."""
    reader, writer = await asyncio.open_connection(HOST, port)
    try:
        lines = [f"{method} {target} HTTP/1.1", f"Host: {HOST}:{port}", *(f"{k}: {v}" for k, v in headers.items())]
        if body:
            lines += ["Content-Type: application/x-www-form-urlencoded", f"Content-Length: {len(body)}"]
        writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body)
        answer = await reader.read()  # Connection: close: the answer ends when the server closes
    finally:
        writer.close()
    head, _, _ = answer.partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    parts = status_line.split(" ", 2)
    if len(parts) < 2 or not parts[1].isdigit():
        raise HttpError(f"no HTTP answer: {status_line[:80]!r}")
    found = {}
    for line in header_lines:
        name, _, value = line.partition(":")
        found[name.strip().lower()] = value.strip()
    return int(parts[1]), found


async def get(port, target, headers):
    """GET, following redirects as a browser (and requests) would: the status of the last answer."""
    for _ in range(5):
        status, found = await http(port, "GET", target, headers)
        if status not in REDIRECTS or "location" not in found:
            return status
        target = urlsplit(found["location"])._replace(scheme="", netloc="").geturl() or "/"
    return status


def cookie_header(cookies):
    return "; ".join(f"{name}={value}" for name, value in cookies.items())


async def one_request(port, users, rng, stamp):
    """One request of the mix: (kind, status)."""
    draw = rng.random()
    headers = {"X-Request-Start": f"t={stamp:.3f}", **AS_NGINX}
    savers = [u for u in users if u.saves]
    if draw < 0.2 and savers:
        user = rng.choice(savers)
        pk = rng.choice(user.saves)
        data = {"csrfmiddlewaretoken": user.cookies["csrftoken"], "realisation": str(rng.randint(1, 90)),
                "narrative": "Kegiatan berjalan sesuai jadwal.", "obstacles": "", "solutions": ""}
        target = f"/rencana-aksi/{pk}/tw/4/"
        status, _ = await http(port, "POST", target,
                               {**headers, "Cookie": cookie_header(user.cookies), "Referer": f"http://{HOST}:{port}{target}"},
                               urlencode(data).encode())
        return "save", status
    user = rng.choice(users)
    headers["Cookie"] = cookie_header(user.cookies)
    if draw < 0.3:
        return "api", await get(port, rng.choice(user.api), headers)
    return "page", await get(port, rng.choice(user.pages), headers)


OK = {"save": 302, "api": 200, "page": 200}


def run_step(base, users, rate, seconds, seed):
    """Open loop at `rate` req/s for `seconds`: [(latency from schedule, kind, ok, status)], wall time."""
    return asyncio.run(_run_step(urlsplit(base).port, users, rate, seconds, seed))


async def _run_step(port, users, rate, seconds, seed):
    rng = random.Random(seed)
    count = max(1, int(rate * seconds))
    results = []
    started, wall_started = time.monotonic(), time.time()

    async def fire(scheduled, request_rng):
        try:
            kind, status = await asyncio.wait_for(
                one_request(port, users, request_rng, wall_started + (scheduled - started)), TIMEOUT
            )
        except (OSError, TimeoutError, HttpError):
            kind, status = "error", 0
        results.append((time.monotonic() - scheduled, kind, status == OK.get(kind), status))

    tasks = []
    for i in range(count):
        scheduled = started + i / rate
        delay = scheduled - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(fire(scheduled, random.Random(rng.random()))))
    await asyncio.gather(*tasks)
    return results, time.monotonic() - started


def healthz_ceiling(base, seconds, concurrency=16):
    """Closed loop on /healthz: how many requests per second the same gunicorn serves."""
    return asyncio.run(_healthz_ceiling(urlsplit(base).port, seconds, concurrency))


async def _healthz_ceiling(port, seconds, concurrency):
    stop = time.monotonic() + seconds
    done = [0]

    async def loop():
        while time.monotonic() < stop:
            if await get(port, "/healthz", AS_NGINX) == 200:
                done[0] += 1

    started = time.monotonic()
    await asyncio.gather(*(loop() for _ in range(concurrency)))
    return done[0] / (time.monotonic() - started)


TICKS = os.sysconf("SC_CLK_TCK")


def proc_stat(pid):
    """(session id, CPU seconds used: user + system) of a process, or None once it has gone."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return int(fields[3]), (int(fields[11]) + int(fields[12])) / TICKS


class CpuMeter(threading.Thread):
    """CPU seconds used during a step by gunicorn (master and workers), the Celery worker, the
    PostgreSQL backends of this database and this process (the load generator).

    Samples every process's counter twice a second and keeps the last value seen per process, so
    a process that starts during the step counts from zero and one that ends (a gunicorn worker
    recycled by --max-requests, a backend closed with it) loses at most its last half second."""

    def __init__(self, sessions):
        super().__init__(daemon=True)
        self.sessions = sessions  # {"gunicorn": its session id, "celery": ...}: each started a session
        self.stop = threading.Event()
        self.first, self.last = {}, {}
        self.client_started = resource.getrusage(resource.RUSAGE_SELF)

    def backends(self):
        from django.db import connections

        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()")
            return {row[0] for row in cursor.fetchall()}

    def sample(self, starting=False):
        seen = {}
        for name in os.listdir("/proc"):
            if name.isdigit():
                stat = proc_stat(int(name))
                for group, session in self.sessions.items():
                    if stat and stat[0] == session:
                        seen[group, int(name)] = stat[1]
        for pid in self.backends():
            stat = proc_stat(pid)
            if stat:
                seen["postgres", pid] = stat[1]
        for key, cpu in seen.items():
            self.first.setdefault(key, cpu if starting else 0.0)
            self.last[key] = cpu

    def run(self):
        began = time.thread_time()
        self.sample(starting=True)
        while not self.stop.wait(0.5):
            self.sample()
        self.sample()
        self.own = time.thread_time() - began

    def used(self):
        """{group: CPU seconds during the step}, "client" included."""
        used = dict.fromkeys([*self.sessions, "postgres"], 0.0)
        for key, cpu in self.last.items():
            used[key[0]] += cpu - self.first[key]
        now = resource.getrusage(resource.RUSAGE_SELF)
        used["client"] = now.ru_utime + now.ru_stime - self.client_started.ru_utime - self.client_started.ru_stime - self.own
        return used


class HealthProbe(threading.Thread):
    """/healthz twice a second during a step: its worst time and its failures."""

    def __init__(self, base):
        super().__init__(daemon=True)
        self.base, self.times, self.failures, self.stop = base, [], 0, threading.Event()

    def run(self):
        started = time.thread_time()
        while not self.stop.wait(0.5):
            began = time.monotonic()
            try:
                ok = requests.get(self.base + "/healthz", headers=AS_NGINX, timeout=TIMEOUT).status_code == 200
            except requests.RequestException:
                ok = False
            self.times.append(time.monotonic() - began)
            self.failures += not ok
        self.own = time.thread_time() - started


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=float, default=0.1, help="generate_national scale when the database is empty")
    parser.add_argument("--seconds", type=float, default=20, help="duration of each arrival-rate step")
    parser.add_argument("--rates", default="2,5,10,20,30,40,50,60", help="arrival rates to step through (req/s)")
    parser.add_argument("--users", type=int, default=12)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--past-break", type=int, default=0, help="steps to run past the breaking point (overload)")
    parser.add_argument("--budget-ms", type=int, default=2000, help="REQUEST_QUEUE_BUDGET_MS of gunicorn (0: never shed)")
    parser.add_argument("--standing-budget-ms", type=int, default=300, help="REQUEST_QUEUE_STANDING_BUDGET_MS")
    args = parser.parse_args()
    ensure_data(args.scale)
    env = production_env(args.budget_ms, args.standing_budget_ms)
    worker = start_celery_worker(env)
    try:
        process, base = start_gunicorn(free_port(), args.workers, args.threads, env)
    except BaseException:
        stop(worker)
        raise
    try:
        users = make_users(base, args.users)
        print(f"{len(users)} users logged in; gunicorn gthread {args.workers}×{args.threads} on {base}, "
              f"queue budget {args.budget_ms} ms, {args.standing_budget_ms} ms while a queue stands", flush=True)
        print("machine:", subprocess.run(["uptime"], capture_output=True, text=True, env={**os.environ, "TZ": "UTC"}).stdout.strip(), flush=True)
        ceiling = healthz_ceiling(base, min(10.0, args.seconds))
        print(f"/healthz ceiling: {ceiling:.0f} req/s", flush=True)
        print(f"{'offered':>8} {'served':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>7} {'÷healthz':>9} "
              f"{'goodput':>8} {'shed':>6} {'healthz max ms':>15}  by kind p95 ms")
        broken_at = None
        cpu_lines = []
        for step, rate in enumerate(float(r) for r in args.rates.split(",")):
            probe = HealthProbe(base)
            meter = CpuMeter({"gunicorn": process.pid, "celery": worker.pid})
            meter.start()
            probe.start()
            results, wall = run_step(base, users, rate, args.seconds, seed=step)
            probe.stop.set()
            meter.stop.set()
            probe.join()
            meter.join()
            used = meter.used()
            used["client"] -= probe.own  # the mix's sender only: not the meter, nor the /healthz probe
            cpu_lines.append((rate, len(results), wall, used))
            latencies = [r[0] for r in results]
            errors = sum(1 for r in results if not r[2]) / len(results)
            served = sum(1 for r in results if r[2]) / wall
            goodput = sum(1 for r in results if r[2] and r[0] <= 1) / wall
            shed = sum(1 for r in results if r[3] == 503)
            health = f"{max(probe.times) * 1000:.0f}" + (f" ({probe.failures} failed)" if probe.failures else "") if probe.times else "-"
            p95 = percentile(latencies, 95)
            kinds = " ".join(
                f"{kind} {percentile([r[0] for r in results if r[1] == kind], 95) * 1000:.0f}"
                for kind in ("page", "save", "api") if any(r[1] == kind for r in results)
            )
            print(f"{rate:8.1f} {served:8.1f} {statistics.median(latencies) * 1000:8.0f} {p95 * 1000:8.0f} "
                  f"{percentile(latencies, 99) * 1000:8.0f} {errors * 100:6.1f}% {served / ceiling:9.3f} "
                  f"{goodput:8.1f} {shed:6d} {health:>15}  {kinds}", flush=True)
            if broken_at is None and (p95 > 1 or errors > 0.01):
                broken_at = step
                print(f"breaking point: {rate:g} req/s offered (p95 {p95 * 1000:.0f} ms, errors {errors * 100:.1f} %)")
            if broken_at is not None and step - broken_at >= args.past_break:
                break
        print("CPU per request sent, ms (cores used during the step): the machine's other work moves it far less than the times")
        print(f"{'offered':>8} {'requests':>8} " + " ".join(f"{group:>17}" for group in ("gunicorn", "postgres", "celery", "client")))
        for rate, count, wall, used in cpu_lines:
            print(f"{rate:8.1f} {count:8d} " + " ".join(
                f"{used[group] / count * 1000:8.1f} ({used[group] / wall:4.2f})" for group in ("gunicorn", "postgres", "celery", "client")
            ))
        print("machine:", subprocess.run(["uptime"], capture_output=True, text=True, env={**os.environ, "TZ": "UTC"}).stdout.strip())
    finally:
        stop(process)
        stop(worker)


if __name__ == "__main__":
    main()
