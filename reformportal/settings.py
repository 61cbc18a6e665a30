"""Settings for reformportal, read from the environment.

Without any environment the portal runs on a SQLite file under var/ and runs Celery
tasks eagerly in-process. Production differs only by environment variables; every
variable is listed in .env.example.
"""

import os
import sys
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name, default="0"):
    return os.environ.get(name, default).strip().lower() in ("1", "true", "yes", "on")


def envint(name, default):
    return int(os.environ.get(name, default))


def envlist(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def planner_setting(setting, variable, default):
    """["-c setting=value"] for PostgreSQL's planner from the environment variable, a number;
    set empty, [] (the server's own value stays)."""
    value = os.environ.get(variable, default)
    return [f"-c {setting}={float(value)}"] if value else []


DEBUG = envbool("DEBUG", "1")
TESTING = envbool("TESTING", "0") or "pytest" in sys.modules

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "import_export",
    "simple_history",
    "axes",
    "reformportal.apps.PortalConfig",
    "agencies",
    "actionplans",
    "evaluations",
    "meetings",
    "institutions",
    "reports",
]

MIDDLEWARE = [
    "reformportal.observability.RequestLogMiddleware",
    # First after the log line: a request that waited past its budget costs no session or query.
    "reformportal.shedding.QueueBudgetMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Instead of LocaleMiddleware: the user's choice, never the browser's Accept-Language.
    "agencies.middleware.UserLanguageMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "reformportal.security.SessionTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "agencies.middleware.ProvinceTimezoneMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "reformportal.security.NoStoreMiddleware",
    "reformportal.security.RefusedAccessLogMiddleware",
    "reformportal.security.OutOfRangeInputMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "reformportal.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "agencies.context_processors.scope",
            ],
        },
    },
]

WSGI_APPLICATION = "reformportal.wsgi.application"

VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))
if not os.environ.get("DATABASE_URL"):
    VAR_DIR.mkdir(parents=True, exist_ok=True)  # the embedded SQLite file lives here
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        conn_max_age=envint("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    planner = []
    if not envbool("DB_JIT", "0"):
        # PostgreSQL's JIT pays off for long analytical queries; the portal's are short, and on the
        # national data it spent seconds compiling roll-ups that run in a fraction of that (issue 17).
        planner.append("-c jit=off")
    # The default (4) prices an index read as a seek on a spinning disk, so on the national data
    # PostgreSQL scanned all 260,000 roll-up rows of a triwulan rather than read the 1,700
    # province agencies' rows through their index (85 ms against 10 ms). 1.1 suits SSDs and a
    # cached database.
    planner += planner_setting("random_page_cost", "DB_RANDOM_PAGE_COST", "1.1")
    # Parallel workers are processes started per query, on cores other requests are using. At
    # the server's price (1000) PostgreSQL chose, by 3 %, to scan all 248,000 roll-up rows of a
    # triwulan in three processes over reading the 1,710 province agencies' rows by index, for
    # the national observer's home and overview (78–205 ms against 15–45 ms at scale 1.0). At
    # 5000 a parallel plan must save more than that; the count of the nation's 908,000 reports
    # (the API's numbered pages) still runs in parallel.
    planner += planner_setting("parallel_setup_cost", "DB_PARALLEL_SETUP_COST", "5000")
    if planner:
        DATABASES["default"].setdefault("OPTIONS", {})["options"] = " ".join(planner)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "agencies.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "agencies:home"
LOGOUT_REDIRECT_URL = "login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Argon2 first (argon2-cffi): a login costs a few milliseconds of CPU instead of PBKDF2's ~1 s
# under load, so deadline-day sign-ins do not starve the pages. Older PBKDF2 hashes still verify
# and are re-hashed with Argon2 at the user's next login.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]

# Internationalisation: Bahasa Indonesia first, English as the translation.
LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
# Stored in UTC; shown in the time zone of the user's province (see agencies.middleware).
TIME_ZONE = "Asia/Jakarta"

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
# Uploaded files are never served as static files: only scoped download views read MEDIA_ROOT.
MEDIA_URL = None
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG or TESTING
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Several hosts: uploads, report parts and PDFs on an S3-compatible store (django-storages).
# STORAGE_URL=s3://BUCKET?endpoint_url=https://s3.example.go.id&region_name=id-jkt-1, or the usual
# AWS_STORAGE_BUCKET_NAME / AWS_S3_ENDPOINT_URL / AWS_S3_REGION_NAME; keys in AWS_ACCESS_KEY_ID and
# AWS_SECRET_ACCESS_KEY. Objects are private; downloads still go through the scoped views.
from reformportal.storage import object_storage_options  # noqa: E402

OBJECT_STORAGE = object_storage_options(
    os.environ.get("STORAGE_URL", ""),
    bucket=os.environ.get("AWS_STORAGE_BUCKET_NAME", ""),
    endpoint_url=os.environ.get("AWS_S3_ENDPOINT_URL", ""),
    region_name=os.environ.get("AWS_S3_REGION_NAME", ""),
    access_key=os.environ.get("AWS_ACCESS_KEY_ID", ""),
    secret_key=os.environ.get("AWS_SECRET_ACCESS_KEY", ""),
)
if OBJECT_STORAGE:
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": OBJECT_STORAGE}

# Security: secure defaults whenever DEBUG is off.
SECURE = not DEBUG
SESSION_COOKIE_SECURE = envbool("SESSION_COOKIE_SECURE", "1" if SECURE else "0")
CSRF_COOKIE_SECURE = envbool("CSRF_COOKIE_SECURE", "1" if SECURE else "0")
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", "1" if SECURE else "0")
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 31536000 if SECURE else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE
SECURE_HSTS_PRELOAD = SECURE
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if envbool("BEHIND_PROXY", "0") else None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = envint("SESSION_COOKIE_AGE", 8 * 60 * 60)

# E-mail: the console in development, SMTP when EMAIL_HOST is set. With DEBUG off and no
# EMAIL_HOST, mail goes to the server's local MTA (localhost:25), never to the console.
# Django 6.1 replaced EMAIL_BACKEND and the EMAIL_HOST/PORT/... settings with MAILERS; the
# environment variables keep their familiar names.
email_host = os.environ.get("EMAIL_HOST", "")  # lower case: not a Django setting
if email_host or not DEBUG:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": email_host or "localhost",
                "port": envint("EMAIL_PORT", 587 if email_host else 25),
                "username": os.environ.get("EMAIL_HOST_USER", ""),
                "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
                "use_tls": envbool("EMAIL_USE_TLS", "1" if email_host else "0"),
                "use_ssl": envbool("EMAIL_USE_SSL", "0"),
                "timeout": envint("EMAIL_TIMEOUT", 10),
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Portal RB <noreply@localhost>")

# Celery: Redis when REDIS_URL is set. Without it (the embedded default, `make run`) the broker
# is kombu's filesystem transport and results are files, both under CELERY_DIR: `make run` starts
# a real worker beside runserver, so long work (a province pack) never blocks a request and runs
# the same code path as production. CELERY_EAGER=1 runs tasks inside the request instead (only
# for a one-off `manage.py` run without a worker). Tests run tasks eagerly even with REDIS_URL
# set; tests marked celery_worker switch to a real worker (tests/fixtures/celery.py).
REDIS_URL = os.environ.get("REDIS_URL", "")
CELERY_DIR = Path(os.environ.get("CELERY_DIR", VAR_DIR / "celery"))
CELERY_TASK_ALWAYS_EAGER = TESTING or envbool("CELERY_EAGER", "0")
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 3, "socket_timeout": 5, "max_retries": 1}
if REDIS_URL:
    CELERY_BROKER_URL = CELERY_RESULT_BACKEND = REDIS_URL
elif TESTING:
    CELERY_BROKER_URL, CELERY_RESULT_BACKEND = "memory://", "cache+memory://"
else:
    # kombu's filesystem transport and Celery's file backend, both writing their files atomically.
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT = "reformportal.taskqueue:FilesystemTransport"
    CELERY_RESULT_BACKEND = "reformportal.taskqueue:FilesystemResultBackend"
    # One folder for both directions: the web process writes messages, the worker reads them.
    CELERY_BROKER_TRANSPORT_OPTIONS |= {
        "data_folder_in": str(CELERY_DIR / "queue"),
        "data_folder_out": str(CELERY_DIR / "queue"),
        "control_folder": str(CELERY_DIR / "control"),
        "store_processed": False,
    }
    for _folder in ("queue", "control", "results"):
        (CELERY_DIR / _folder).mkdir(parents=True, exist_ok=True)
# Two queues, each with its own workers (docker-compose.yml): people first. "interactive" holds
# what someone waits for at the screen (a report they asked for, imports, exports); "batch" the
# scheduled work (every province's nightly pack, reminders, retention, backups).
CELERY_QUEUE_INTERACTIVE = "interactive"
CELERY_QUEUE_BATCH = "batch"
CELERY_TASK_DEFAULT_QUEUE = CELERY_QUEUE_INTERACTIVE
CELERY_TASK_ROUTES = {
    "reports.generate_due_province_packs": {"queue": CELERY_QUEUE_BATCH},
    "reports.prune_superseded_reports": {"queue": CELERY_QUEUE_BATCH},
    "actionplans.send_report_reminders": {"queue": CELERY_QUEUE_BATCH},
    "actionplans.prune_old_blanks": {"queue": CELERY_QUEUE_BATCH},
    "reformportal.prune_sessions_and_login_attempts": {"queue": CELERY_QUEUE_BATCH},
    "reformportal.nightly_backup": {"queue": CELERY_QUEUE_BATCH},
}
# Every task is stopped in the end: a soft limit raises SoftTimeLimitExceeded inside it (the report
# tasks record it as a failure), the hard limit kills the process. A pack part takes seconds.
CELERY_TASK_SOFT_TIME_LIMIT = envint("CELERY_TASK_SOFT_TIME_LIMIT", 10 * 60)
CELERY_TASK_TIME_LIMIT = envint("CELERY_TASK_TIME_LIMIT", 12 * 60)
# A pool process is replaced after this many tasks (WeasyPrint and openpyxl leave memory behind).
CELERY_WORKER_MAX_TASKS_PER_CHILD = envint("CELERY_WORKER_MAX_TASKS_PER_CHILD", 200)
# One beat at a time: celery-redbeat keeps the schedule in Redis under a lock, so a second beat
# (a restarted container, a second host) waits instead of sending every task twice.
if REDIS_URL:
    CELERY_BEAT_SCHEDULER = "redbeat.RedBeatScheduler"
    CELERY_REDBEAT_REDIS_URL = REDIS_URL
CELERY_REDBEAT_LOCK_TIMEOUT = envint("CELERY_REDBEAT_LOCK_TIMEOUT", 5 * 60)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "UTC"
CELERY_BROKER_CONNECTION_TIMEOUT = 3
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = 3
CELERY_REDIS_SOCKET_TIMEOUT = 5
CELERY_RESULT_EXPIRES = 7 * 24 * 3600
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
from celery.schedules import crontab  # noqa: E402

CELERY_BEAT_SCHEDULE = {}
# Quarterly reports (reports/schedule.py): daily at 01:00 UTC, request the province
# packs of the latest triwulan whose reporting deadline has passed (each once).
CELERY_BEAT_SCHEDULE["reports-province-packs"] = {
    "task": "reports.generate_due_province_packs",
    "schedule": crontab(minute=0, hour=1),
}
# Action plans: hourly, e-mail OPD admins whose triwulan report is missing, a week before and on
# the deadline (in the province's time zone); sent reminders are recorded, so each goes once.
CELERY_BEAT_SCHEDULE["actionplans-report-reminders"] = {
    "task": "actionplans.send_report_reminders",
    "schedule": crontab(minute=5),
}
# "Buat ulang" on reports: new renders a user may force per hour.
REPORT_REGENERATIONS_PER_HOUR = envint("REPORT_REGENERATIONS_PER_HOUR", 10)
# Retention (batch queue): superseded report files, uploaded blanks past their keep time, expired
# sessions and old login attempts. The audit history is never pruned.
RETENTION_SUPERSEDED_REPORT_DAYS = envint("RETENTION_SUPERSEDED_REPORT_DAYS", 30)
RETENTION_BLANK_DAYS = envint("RETENTION_BLANK_DAYS", 365)
RETENTION_LOGIN_ATTEMPT_DAYS = envint("RETENTION_LOGIN_ATTEMPT_DAYS", 90)
CELERY_BEAT_SCHEDULE["retention-reports"] = {"task": "reports.prune_superseded_reports", "schedule": crontab(minute=30, hour=2)}
CELERY_BEAT_SCHEDULE["retention-blanks"] = {"task": "actionplans.prune_old_blanks", "schedule": crontab(minute=40, hour=2)}
CELERY_BEAT_SCHEDULE["retention-sessions-logins"] = {
    "task": "reformportal.prune_sessions_and_login_attempts",
    "schedule": crontab(minute=50, hour=2),
}
# Nightly backup (manage.py backup) into BACKUP_DIR, keeping the newest BACKUP_KEEP folders;
# off when BACKUP_DIR is empty (the worker of the batch queue needs it mounted).
BACKUP_DIR = os.environ.get("BACKUP_DIR", "")
BACKUP_KEEP = envint("BACKUP_KEEP", 14)
if BACKUP_DIR:
    CELERY_BEAT_SCHEDULE["nightly-backup"] = {"task": "reformportal.nightly_backup", "schedule": crontab(minute=0, hour=3)}
# With acks_late, a message whose worker died is handed out again after this many seconds
# (Redis transport); tasks that run longer than it may run twice, which the idempotent tasks allow.
CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] = envint("CELERY_VISIBILITY_TIMEOUT", 3600)
# kombu looks for such messages every unacked_restore_interval × unacked_restore_throttle seconds
# (10 × 10 by default): a visibility timeout shorter than that (the worker-kill test's 3 s) gets a
# look every second, or the message would wait up to 100 s more.
if CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] < 100:
    CELERY_BROKER_TRANSPORT_OPTIONS |= {"unacked_restore_interval": 1, "unacked_restore_throttle": 1}

REST_FRAMEWORK = {
    # Tokens first: an unauthenticated call then answers 401 with "WWW-Authenticate: Token".
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "agencies.tokens.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_THROTTLE_CLASSES": [
        "reformportal.throttling.PortalUserThrottle",
        "reformportal.throttling.PortalAnonThrottle",
    ],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
# Personal API tokens (agencies/tokens.py): days until a new token expires.
API_TOKEN_DAYS = envint("API_TOKEN_DAYS", 30)

# API rate limits (reformportal/throttling.py): "number/second|minute|hour|day".
API_THROTTLE_USER = os.environ.get("API_THROTTLE_USER", "1200/minute")
API_THROTTLE_ANON = os.environ.get("API_THROTTLE_ANON", "60/minute")

# The cache: Redis when REDIS_URL is set (throttle counts shared by every process and host),
# otherwise each process's memory.
if REDIS_URL and not TESTING:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL,
                          "KEY_PREFIX": "portal"}}
    # Sessions read from Redis, written through to the database (which survives a Redis restart).
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

SPECTACULAR_SETTINGS = {
    "TITLE": "Portal Reformasi Birokrasi API",
    "DESCRIPTION": "Rencana aksi, evaluasi (LHE), rapat koordinasi dan laporan triwulan.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "agencies.api.schema.add_error_responses",
    ],
    "ENUM_NAME_OVERRIDES": {
        "MeetingKindEnum": "meetings.models.Meeting.Kind",
        "MeetingStatusEnum": "meetings.models.Meeting.Status",
        "FollowUpStatusEnum": "meetings.models.FollowUp.Status",
        "ExternalUnitKindEnum": "meetings.models.ExternalUnit.Kind",
        "LheKindEnum": "evaluations.models.Lhe.Kind",
        "PredikatEnum": "evaluations.predikat.Predikat",
        "LheRecommendationStatusEnum": "evaluations.models.Recommendation.Status",
        "LheFollowUpOutcomeEnum": "evaluations.models.FollowUp.Outcome",
        "FrameworkNodeKindEnum": "evaluations.models.FrameworkNode.Kind",
        "ProgressReportStatusEnum": "actionplans.models.ProgressReport.Status",
        "TargetModeEnum": "actionplans.models.ActionPlan.TargetMode",
        "PositionKindEnum": "institutions.anjab.models.Position.Kind",
        "MaturityLevelEnum": "evaluations.pd.models.LEVEL_CHOICES",
    },
}

IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False

# Demo accounts (seed_demo) share this password; override it with DEMO_PASSWORD.
DEMO_PASSWORD = os.environ.get("DEMO_PASSWORD", "reformasi-2025")

# Evaluations: the predikat an LHE aims at unless it says otherwise (PermenPANRB 9/2023 bands).
RB_TARGET_PREDIKAT = os.environ.get("RB_TARGET_PREDIKAT", "BB")

# Logs: one line per request and per task with time, level, logger, request id and user id
# (reformportal/observability.py); LOG_FORMAT=json for one JSON object per line.
# Errors go to Sentry when SENTRY_DSN is set (no personal data), otherwise by mail to ADMINS.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "plain")
SENTRY_DSN = os.environ.get("SENTRY_DSN", "")
# ADMINS="Name <mail@example.go.id>, Other <other@example.go.id>"
ADMINS = envlist("ADMINS")
SERVER_EMAIL = os.environ.get("SERVER_EMAIL") or DEFAULT_FROM_EMAIL
from reformportal.observability import init_sentry, logging_config  # noqa: E402

LOGGING = logging_config(
    level=os.environ.get("LOG_LEVEL", "INFO"),
    json_format=LOG_FORMAT == "json",
    mail_admins=bool(ADMINS) and not SENTRY_DSN,
)
if SENTRY_DSN:
    init_sentry(
        SENTRY_DSN,
        environment=os.environ.get("SENTRY_ENVIRONMENT", "production"),
        traces_sample_rate=float(os.environ.get("SENTRY_TRACES_SAMPLE_RATE", "0")),
    )


# --- Safety: login lock-out, sessions, headers, uploads (reformportal/security.py, uploads.py) ---
from datetime import timedelta  # noqa: E402

from django.utils.csp import CSP  # noqa: E402

BEHIND_PROXY = envbool("BEHIND_PROXY", "0")
# reformportal/shedding.py: a request that waited longer than this in front of gunicorn (from the
# proxy's X-Request-Start) gets 503 with Retry-After instead of being served late; 0 = never.
# While a queue stands (no request found it empty for a second) the shorter budget applies.
REQUEST_QUEUE_BUDGET_MS = envint("REQUEST_QUEUE_BUDGET_MS", 2000)
REQUEST_QUEUE_STANDING_BUDGET_MS = envint("REQUEST_QUEUE_STANDING_BUDGET_MS", 300)
REQUEST_SHED_RETRY_AFTER = envint("REQUEST_SHED_RETRY_AFTER", 5)
AUTHENTICATION_BACKENDS = ["reformportal.security.AxesBackend", "agencies.backends.MembershipModelBackend"]
# Lock out a user name *from one address* after repeated failures: an attacker elsewhere cannot
# lock the real user out of their own address.
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=envint("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "reformportal.security.lockout_response"
AXES_CLIENT_IP_CALLABLE = "reformportal.security.client_ip"
AXES_VERBOSE = False

SESSION_IDLE_TIMEOUT = envint("SESSION_IDLE_TIMEOUT", 30 * 60)
SESSION_ABSOLUTE_TIMEOUT = envint("SESSION_ABSOLUTE_TIMEOUT", 10 * 60 * 60)

# Content Security Policy (Django's own middleware): no inline or foreign scripts, no plugins,
# no <base>, no framing. Inline style *attributes* are allowed (they cannot run code).
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "style-src-attr": [CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Downloads of stored files (reformportal.uploads.serve_upload) after the scoped view allowed them:
# behind nginx, "/protected-media/" hands the sending to nginx (X-Accel-Redirect to its internal
# location); empty streams the file through Django (development, object storage).
DOWNLOAD_X_ACCEL_PREFIX = os.environ.get("DOWNLOAD_X_ACCEL_PREFIX", "")

# Uploads: the gate (reformportal/uploads.py) enforces per-kind limits; this caps the request.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o640
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o750

# Celery: acks_late + reject_on_worker_lost are set per task, only on idempotent tasks
# (reformportal.taskqueue.IDEMPOTENT); globally a task is acknowledged on receipt so a
# worker crash never runs a non-idempotent task twice.
CELERY_TASK_ACKS_LATE = False
CELERY_TASK_REJECT_ON_WORKER_LOST = False
CELERY_TASK_PUBLISH_RETRY = False

# The API schema and docs describe the data model: signed-in users only.
SPECTACULAR_SETTINGS["SERVE_PERMISSIONS"] = ["rest_framework.permissions.IsAuthenticated"]
# django-axes logs every successful login at INFO; reformportal.security logs them once.
LOGGING["loggers"]["axes"] = {"level": "WARNING"}
# A shed request (503, reformportal/shedding.py) is an answer, not an error: its line in
# reformportal.request is enough, and an overload does not also flood the error log.
LOGGING["filters"]["not_shed"] = {"()": "reformportal.shedding.NotShedFilter"}
LOGGING["loggers"]["django.request"]["filters"] = ["not_shed"]

# Anjab/ABK (institutions.anjab.rules): effective working hours a year. PermenPANRB 1/2020 sets
# 1,250 hours (75,000 minutes); agencies still on the older BKN rule use 1,200.
ABK_EFFECTIVE_HOURS = envint("ABK_EFFECTIVE_HOURS", 1250)

# Objections to an internal LHE's scores (evaluations.services.file_objection): days after the
# LHE's date during which the evaluated units may object.
LHE_OBJECTION_WINDOW_DAYS = envint("LHE_OBJECTION_WINDOW_DAYS", 14)
