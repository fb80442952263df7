"""Django settings for polon, all taken from the environment.

POLON_DATA_DIR decides where the SQLite file and stored files live; DATABASE_URL switches to PostgreSQL.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("POLON_DATA_DIR", Path.cwd() / "polon-data")).resolve()

DEBUG = os.environ.get("POLON_DEBUG", "") == "1"
# A fixed development key is only acceptable where the server listens on loopback (polon demo);
# `polon serve` refuses to start without POLON_SECRET_KEY.
SECRET_KEY = os.environ.get("POLON_SECRET_KEY", "polon-insecure-development-key-do-not-use-in-production")
# The audit chain's HMAC key (polon.audit.keys), never stored in the database; `polon serve` refuses to start
# without it. Keys used before a rotation stay in POLON_AUDIT_KEYS (comma-separated) to verify older events.
# Without POLON_AUDIT_KEY, a key file (created when missing) serves the demo and tests.
AUDIT_KEY = os.environ.get("POLON_AUDIT_KEY", "")
AUDIT_OLD_KEYS = [k for k in os.environ.get("POLON_AUDIT_KEYS", "").split(",") if k.strip()]
AUDIT_KEY_FILE = Path(os.environ.get("POLON_AUDIT_KEY_FILE", DATA_DIR / "audit.key"))
ALLOWED_HOSTS = [h for h in os.environ.get("POLON_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("POLON_CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    # django-ninja as an app, so the API docs' Swagger UI is served from here, not from a CDN.
    "ninja",
    # The second factor: TOTP devices and static recovery codes (django-otp; polon.accounts.second_factor).
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "polon.core",
    "polon.accounts",
    "polon.audit",
    "polon.sources",
    "polon.places",
    "polon.registry",
    "polon.web",
    "polon.exchanges",
    "polon.consular",
    "polon.actors",
    "polon.enquiries",
    "polon.visits",
    "polon.deaths",
    "polon.effects",
    "polon.proceedings",
    "polon.medical",
    "polon.cta",
    "polon.exports",
    # Long work off the request: a durable queue in the database (django-tasks and its database backend).
    "django_tasks",
    "django_tasks_db",
    "polon.jobs",
    # `polon backup` / `polon restore` (no models of its own).
    "polon.backup",
    # The GC III obligation clock: collects every app's time-limited duties (no models of its own).
    "polon.duties",
    # Login throttling: failed logins counted per account and per address, lockout (polon.accounts.logins).
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "polon.web.security.SecurityHeadersMiddleware",
    "polon.web.busy.DatabaseBusyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): whether this session passed the second factor (django-otp); a logged-in user
    # who has not reaches only the second factor's own pages (polon.web.second_factor).
    "django_otp.middleware.OTPMiddleware",
    "polon.web.second_factor.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # The audit notes of the request (persons listed or found, refusals, out-of-scope requests), written once
    # as it ends (polon.audit.reads).
    "polon.web.read_log.ReadLogMiddleware",
    # Turns a login refused because of too many failures into the lockout page (or JSON 429 under /api/).
    "axes.middleware.AxesMiddleware",
    # A login that found every login slot taken (polon.accounts.logins): 503 "busy, try again".
    "polon.web.logins.LoginBusyMiddleware",
    # An empty error response (a bare 405 from require_POST) becomes the site's page in the user's language.
    "polon.web.views.errors.EmptyErrorPagesMiddleware",
]

ROOT_URLCONF = "polon.urls"
WSGI_APPLICATION = "polon.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "polon.web.context.polon_context",
            ],
        },
    },
]

_default_sqlite = f"sqlite:///{DATA_DIR / 'polon.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(os.environ.get("DATABASE_URL") or _default_sqlite, conn_max_age=60)}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # WAL lets the CLI, the job worker and the web server read while one of them writes. A write transaction
    # takes the lock at BEGIN (IMMEDIATE) and waits up to the busy timeout for another writer to commit,
    # instead of failing with "database is locked" when a read transaction tries to become a write one.
    _busy_seconds = int(os.environ.get("POLON_SQLITE_BUSY_SECONDS", "30"))
    DATABASES["default"]["OPTIONS"] = {
        "timeout": _busy_seconds,
        "init_command": (f"PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                         f"PRAGMA busy_timeout={_busy_seconds * 1000};"),
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0

# Background jobs (polon.jobs): django-tasks with its database backend, so the queue lives in the same
# database (SQLite or PostgreSQL), survives restarts and needs no broker. `polon worker` runs the tasks.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# A running job whose heartbeat is older than this is taken as interrupted (its worker died).
# A search arriving while a worker that has just started still builds its search engine (about a minute at a
# million persons) waits this long, then is answered 503 "starting"; jobs and the CLI wait for the build.
POLON_SEARCH_START_WAIT = float(os.environ.get("POLON_SEARCH_START_WAIT", "20"))
POLON_JOB_STALE_SECONDS = int(os.environ.get("POLON_JOB_STALE_SECONDS", "60"))
# Retention of job files, which hold personal data (uploaded lists, import files, exports): polon.jobs.retention.
# Days (fractions allowed) after a job finished before its input files are deleted: at once for a job that
# succeeded (what it wrote is in the database), a week for a failed one so that it can be re-run.
POLON_JOB_INPUTS_KEEP_DAYS_SUCCEEDED = float(os.environ.get("POLON_JOB_INPUTS_KEEP_DAYS_SUCCEEDED", "0"))
POLON_JOB_INPUTS_KEEP_DAYS_FAILED = float(os.environ.get("POLON_JOB_INPUTS_KEEP_DAYS_FAILED", "7"))
# The file a job made (a large export): deleted this many days after the job finished, or this many days after
# its first download, whichever comes first.
POLON_JOB_OUTPUT_KEEP_DAYS = float(os.environ.get("POLON_JOB_OUTPUT_KEEP_DAYS", "7"))
POLON_JOB_OUTPUT_KEEP_DAYS_AFTER_DOWNLOAD = float(os.environ.get("POLON_JOB_OUTPUT_KEEP_DAYS_AFTER_DOWNLOAD", "1"))
# How often a running `polon worker` deletes what has expired (`polon job purge` does it at once).
POLON_JOB_PURGE_SECONDS = int(os.environ.get("POLON_JOB_PURGE_SECONDS", "3600"))

AUTH_USER_MODEL = "accounts.User"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # Ten spaces, or "aaaaaaaaaaaa", pass a length rule: refused here (polon.accounts.passwords).
    {"NAME": "polon.accounts.passwords.VarietyValidator"},
]
# Logins: django-axes first refuses a locked-out account or address before any password is hashed; then the
# password check, bounded (polon.accounts.logins.BoundedModelBackend): at most POLON_LOGIN_SLOTS password
# hashes at once across the server's processes; a login that finds no free slot within POLON_LOGIN_WAIT_SECONDS
# is answered "busy, try again" (503) instead of queuing, so a flood of logins cannot starve other requests.
AUTHENTICATION_BACKENDS = [
    "polon.accounts.logins.ThrottledAxesBackend",
    "polon.accounts.logins.BoundedModelBackend",
]
POLON_LOGIN_SLOTS = int(os.environ.get("POLON_LOGIN_SLOTS", "1"))  # 0: no bound
# No wait by default: under a flood every waiting login holds a server worker (bench/security/README.md).
POLON_LOGIN_WAIT_SECONDS = float(os.environ.get("POLON_LOGIN_WAIT_SECONDS", "0"))
# Each slot's hashing budget (a token bucket): a burst of POLON_LOGIN_BURST_SECONDS of hashing at full speed
# (a few logins at once), then at most POLON_LOGIN_DUTY of the time (1: no limit), so a flood leaves the CPU to
# the other requests.
POLON_LOGIN_DUTY = float(os.environ.get("POLON_LOGIN_DUTY", "0.5"))
POLON_LOGIN_BURST_SECONDS = float(os.environ.get("POLON_LOGIN_BURST_SECONDS", "3"))
POLON_LOGIN_SLOT_DIR = Path(os.environ.get("POLON_LOGIN_SLOT_DIR", DATA_DIR / "login-slots"))
# django-axes: after AXES_FAILURE_LIMIT failed logins for one account, or from one address, further attempts
# for that account or from that address are refused (HTTP 429) for the cool-off time; failures older than the
# cool-off are forgotten. An administrator lifts a lockout with `polon user unlock` or the user's page.
AXES_FAILURE_LIMIT = int(os.environ.get("POLON_LOGIN_FAILURE_LIMIT", "10"))
AXES_COOLOFF_TIME = float(os.environ.get("POLON_LOGIN_COOLOFF_MINUTES", "30")) / 60  # hours
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_LOCKOUT_CALLABLE = "polon.web.views.accounts.lockout_response"
# A refused attempt during a lockout does not prolong it (and costs no write but its audit event).
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# polon's own audit log records logins and failures (login.failed, login.lockout); axes keeps only its counters.
AXES_DISABLE_ACCESS_LOG = True
AXES_ENABLE_ACCESS_FAILURE_LOG = False
AXES_VERBOSE = False
# Behind a reverse proxy, the client's address is the one the proxies add: set POLON_TRUSTED_PROXIES to their
# number (else every login would count against the proxy's address).
if os.environ.get("POLON_TRUSTED_PROXIES"):
    AXES_IPWARE_PROXY_COUNT = int(os.environ["POLON_TRUSTED_PROXIES"])
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
# API tokens: how many days a new token lives unless another lifetime is chosen, and the longest allowed.
# The GC III obligation clock (polon.core.duties.RULES): each rule's days may be changed by the environment
# variable it names (POLON_CTA_DAYS, POLON_CAPTURE_CARD_DAYS, …; `polon duties --rules` lists them); an open duty
# is "due soon" within POLON_DUTIES_SOON_DAYS of its due date.
POLON_DUTIES_SOON_DAYS = int(os.environ.get("POLON_DUTIES_SOON_DAYS", "3"))
POLON_TOKEN_DAYS = int(os.environ.get("POLON_TOKEN_DAYS", "90"))
POLON_TOKEN_MAX_DAYS = int(os.environ.get("POLON_TOKEN_MAX_DAYS", "365"))
LOGIN_URL = "web:login"
# The second factor (TOTP, with recovery codes): "required" (the default, `polon serve`) makes every user of
# every role enrol and pass it at each login; "optional" (`polon demo`, the test suite) asks it only of users
# who enrolled one. API tokens are created only from a session that passed it (or by the operator's CLI).
POLON_SECOND_FACTOR = os.environ.get("POLON_SECOND_FACTOR", "") or ("optional" if os.environ.get("POLON_DEMO")
                                                                    else "required")
OTP_TOTP_ISSUER = os.environ.get("POLON_TOTP_ISSUER", "polon")
LOGIN_REDIRECT_URL = "web:person-list"
LOGOUT_REDIRECT_URL = "web:login"

LANGUAGE_CODE = "uk"
LANGUAGES = [("uk", "Українська"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "UTC"
USE_TZ = True

STATIC_URL = "/static/"
# Static files are served from the installed package by whitenoise's finders; `collectstatic` is optional.
STATIC_ROOT = os.environ.get("POLON_STATIC_ROOT") or None
MEDIA_ROOT = DATA_DIR / "files"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 8 * 3600
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = os.environ.get("POLON_SECURE_COOKIES", "") == "1"
# Behind HTTPS in production: POLON_SECURE_COOKIES=1 also turns on HSTS.
SECURE_HSTS_SECONDS = 31536000 if SESSION_COOKIE_SECURE else 0
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# A form whose CSRF token is no longer valid (the session expired, or a new login elsewhere) gets a page in the
# user's language that keeps what was typed and offers to log in again and send it (web.views.errors).
CSRF_FAILURE_VIEW = "polon.web.views.errors.csrf_failure"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("POLON_LOG_LEVEL", "WARNING")},
}
