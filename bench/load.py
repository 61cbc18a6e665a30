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
- Each request carries `X-Request-Start` with its scheduled time, as nginx stamps it in
  production, and `Connection: close`, as nginx's upstream has no keep-alive; `--budget-ms` and
  `--standing-budget-ms` are gunicorn's REQUEST_QUEUE_BUDGET_MS (0: nothing is shed) and
  REQUEST_QUEUE_STANDING_BUDGET_MS (reformportal/shedding.py).
"""

import argparse
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

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


_local = threading.local()


def _http():
    if not hasattr(_local, "session"):
        _local.session = requests.Session()
    _local.session.cookies.clear()
    return _local.session


def one_request(base, users, rng, stamp):
    """One request of the mix: (kind, status)."""
    draw = rng.random()
    headers = {"X-Request-Start": f"t={stamp:.3f}", **AS_NGINX}
    savers = [u for u in users if u.saves]
    if draw < 0.2 and savers:
        user = rng.choice(savers)
        pk = rng.choice(user.saves)
        data = {"csrfmiddlewaretoken": user.cookies["csrftoken"], "realisation": str(rng.randint(1, 90)),
                "narrative": "Kegiatan berjalan sesuai jadwal.", "obstacles": "", "solutions": ""}
        response = _http().post(f"{base}/rencana-aksi/{pk}/tw/4/", data=data, cookies=user.cookies,
                                headers={**headers, "Referer": f"{base}/rencana-aksi/{pk}/tw/4/"}, allow_redirects=False,
                                timeout=TIMEOUT)
        return "save", response.status_code
    user = rng.choice(users)
    if draw < 0.3:
        response = _http().get(base + rng.choice(user.api), cookies=user.cookies, headers=headers, timeout=TIMEOUT)
        return "api", response.status_code
    response = _http().get(base + rng.choice(user.pages), cookies=user.cookies, headers=headers, timeout=TIMEOUT)
    return "page", response.status_code


OK = {"save": 302, "api": 200, "page": 200}


def run_step(base, users, rate, seconds, seed):
    """Open loop at `rate` req/s for `seconds`: [(latency from schedule, kind, ok, status)], wall time."""
    rng = random.Random(seed)
    count = max(1, int(rate * seconds))
    results, lock = [], threading.Lock()
    started, wall_started = time.monotonic(), time.time()

    def fire(scheduled, request_rng):
        try:
            kind, status = one_request(base, users, request_rng, wall_started + (scheduled - started))
        except requests.RequestException:
            kind, status = "error", 0
        with lock:
            results.append((time.monotonic() - scheduled, kind, status == OK.get(kind), status))

    with ThreadPoolExecutor(max_workers=min(256, count)) as pool:
        for i in range(count):
            scheduled = started + i / rate
            delay = scheduled - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            pool.submit(fire, scheduled, random.Random(rng.random()))
    return results, time.monotonic() - started


def healthz_ceiling(base, seconds, concurrency=16):
    """Closed loop on /healthz: how many requests per second the same gunicorn serves."""
    stop = time.monotonic() + seconds
    done = [0]
    lock = threading.Lock()

    def loop():
        session = requests.Session()
        while time.monotonic() < stop:
            if session.get(base + "/healthz", headers=AS_NGINX, timeout=TIMEOUT).status_code == 200:
                with lock:
                    done[0] += 1

    threads = [threading.Thread(target=loop) for _ in range(concurrency)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return done[0] / (time.monotonic() - started)


class HealthProbe(threading.Thread):
    """/healthz twice a second during a step: its worst time and its failures."""

    def __init__(self, base):
        super().__init__(daemon=True)
        self.base, self.times, self.failures, self.stop = base, [], 0, threading.Event()

    def run(self):
        while not self.stop.wait(0.5):
            began = time.monotonic()
            try:
                ok = requests.get(self.base + "/healthz", headers=AS_NGINX, timeout=TIMEOUT).status_code == 200
            except requests.RequestException:
                ok = False
            self.times.append(time.monotonic() - began)
            self.failures += not ok


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
        ceiling = healthz_ceiling(base, min(10.0, args.seconds))
        print(f"/healthz ceiling: {ceiling:.0f} req/s", flush=True)
        print(f"{'offered':>8} {'served':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>7} {'÷healthz':>9} "
              f"{'goodput':>8} {'shed':>6} {'healthz max ms':>15}  by kind p95 ms")
        broken_at = None
        for step, rate in enumerate(float(r) for r in args.rates.split(",")):
            probe = HealthProbe(base)
            probe.start()
            results, wall = run_step(base, users, rate, args.seconds, seed=step)
            probe.stop.set()
            probe.join()
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
        print("machine:", subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())
    finally:
        stop(process)
        stop(worker)


if __name__ == "__main__":
    main()
