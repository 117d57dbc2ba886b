"""Settings, read from the environment (see README: DATABASE_URL, SKILLSNET_DATA_DIR, ...)."""
import os
from pathlib import Path

import dj_database_url
from django.conf.locale import LANG_INFO
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("SKILLSNET_DATA_DIR", Path.home() / ".local" / "share" / "skillsnet"))
DATA_DIR.mkdir(parents=True, exist_ok=True)


def _flag(name, default=False):
    return os.environ.get(name, str(default)).lower() in {"1", "true", "yes", "on"}


# Production mode (`skillsnet serve` turns it on): DEBUG off, secret key required, hashed compressed
# static files, JSON logs, a cache shared by every worker.
PRODUCTION = _flag("SKILLSNET_PRODUCTION")


def _secret_key():
    key = os.environ.get("SKILLSNET_SECRET_KEY")
    if key:
        return key
    if PRODUCTION:
        raise ImproperlyConfigured(
            "SKILLSNET_SECRET_KEY is not set. In production (skillsnet serve) the secret key must come from the "
            "environment, e.g. SKILLSNET_SECRET_KEY=$(python3 -c 'import secrets; print(secrets.token_urlsafe(50))'); "
            "keep it with the backups.")
    # Embedded default: a random key kept in the data directory, created once.
    path = DATA_DIR / "secret_key"
    if not path.exists():
        import secrets

        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = _flag("SKILLSNET_DEBUG") and not PRODUCTION
ALLOWED_HOSTS = [h for h in os.environ.get("SKILLSNET_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("SKILLSNET_CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_htmx",
    "template_partials",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "skillsnet.core",
    "skillsnet.accounts",
    "skillsnet.directory",
    "skillsnet.web",
    # Every domain app is always installed, in dependency order.
    "skillsnet.people", "skillsnet.agreements", "skillsnet.activities", "skillsnet.curricula",
    "skillsnet.recognition", "skillsnet.credentials", "skillsnet.results", "skillsnet.funding", "skillsnet.labour",
    "skillsnet.employment",
    "skillsnet.matching", "skillsnet.knowledge", "skillsnet.ingest",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "skillsnet.core.uploads.UploadLimitMiddleware",
    # Compresses HTML and JSON (static files come compressed from WhiteNoise). BREACH: Django masks the CSRF
    # token differently in every response and pads gzip output with random bytes (Django >= 4.2); see
    # docs/DEPLOY.md.
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "skillsnet.accounts.middleware.IdleSessionTimeoutMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "csp.middleware.CSPMiddleware",
    "skillsnet.core.middleware.ChangeContextMiddleware",
    "skillsnet.core.middleware.BadInputMiddleware",
    "skillsnet.core.middleware.BusyDatabaseMiddleware",
]

ROOT_URLCONF = "skillsnet.urls"
# Background jobs (imports, reports, bulk issuance, re-indexing): django-tasks with its database backend,
# run by `skillsnet worker`. SKILLSNET_TASKS_IMMEDIATE=1 runs them in the request instead (no worker).
TASKS = {"default": {"BACKEND": ("django_tasks.backends.immediate.ImmediateBackend"
                                 if os.environ.get("SKILLSNET_TASKS_IMMEDIATE") == "1"
                                 else "django_tasks_db.DatabaseBackend")}}
# Django's form renderer, with <select> written in Python (filter forms with hundreds of choices)
FORM_RENDERER = "skillsnet.core.formrender.Renderer"
WSGI_APPLICATION = "skillsnet.wsgi.application"

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
                "skillsnet.web.context.navigation",
            ],
            "builtins": ["template_partials.templatetags.partials"],
        },
    }
]

# Persistent connections (re-used across requests, checked before re-use); SKILLSNET_CONN_MAX_AGE=0 closes
# them after every request.
CONN_MAX_AGE = int(os.environ.get("SKILLSNET_CONN_MAX_AGE", "600"))


def _database(url):
    return dj_database_url.parse(url, conn_max_age=CONN_MAX_AGE, conn_health_checks=CONN_MAX_AGE > 0)


DATABASES = {"default": _database(os.environ.get("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'skillsnet.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20,
         "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"}
    )
    DATABASES["default"]["TEST"] = {"NAME": os.environ.get("SKILLSNET_TEST_SQLITE", "")} if os.environ.get("SKILLSNET_TEST_SQLITE") else {}
# A read replica (PostgreSQL streaming replica): dashboards, reports, exports and search read from it
# (core.dbrouter); writes, and reads of a client that wrote in the last few seconds, go to the primary.
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = _database(os.environ["DATABASE_REPLICA_URL"])
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["skillsnet.core.dbrouter.ReplicaRouter"]
    MIDDLEWARE.insert(MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
                      "skillsnet.core.dbrouter.ReplicaMiddleware")
# Apps and models always read from the primary: who is signed in and what they may do.
SKILLSNET_REPLICA_PRIMARY_ONLY = ["sessions", "auth", "accounts"]
# Writes to these models (bookkeeping a request does not read back) do not pin a client to the primary.
SKILLSNET_REPLICA_UNPINNED_WRITES = ["sessions.session", "accounts.securityevent", "accounts.apitoken"]
SKILLSNET_REPLICA_PIN_SECONDS = int(os.environ.get("SKILLSNET_REPLICA_PIN_SECONDS", "5"))
# Requests (GET/HEAD, path matching one of these) whose reads may go to the replica; `?export=` too.
SKILLSNET_REPLICA_PATHS = [
    r"^/results/dashboard/", r"^/results/projects/\d+/(framework|report|iati)", r"^/(api/)?results/api/",
    r"^/api/results/", r"^/search/", r"^/(api/)?knowledge/search/", r"^/(api/)?people/summary/",
    r"^/labour/gaps/", r"^/matching/(network|gaps)", r"\.(csv|xlsx|pdf|xml)$",
]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:home"
# Every sign-in door (sign-in page, admin, API token creation) authenticates through the rate limiter.
AUTHENTICATION_BACKENDS = ["skillsnet.accounts.ratelimit.RateLimitedBackend"]
# Login rate limiting (accounts.ratelimit): failures within the window, per (account, address) pair, per
# address (many accounts) and per account (many addresses; known-good addresses still get in).
SKILLSNET_LOGIN_MAX_FAILURES = int(os.environ.get("SKILLSNET_LOGIN_MAX_FAILURES", "5"))
SKILLSNET_LOGIN_MAX_FAILURES_PER_ADDRESS = int(os.environ.get("SKILLSNET_LOGIN_MAX_FAILURES_PER_ADDRESS", "50"))
SKILLSNET_LOGIN_MAX_FAILURES_PER_ACCOUNT = int(os.environ.get("SKILLSNET_LOGIN_MAX_FAILURES_PER_ACCOUNT", "20"))
SKILLSNET_LOGIN_WINDOW_SECONDS = int(os.environ.get("SKILLSNET_LOGIN_WINDOW_SECONDS", "900"))
# Password reset requests: per address and per e-mail address, within an hour.
SKILLSNET_PASSWORD_RESET_PER_ADDRESS = int(os.environ.get("SKILLSNET_PASSWORD_RESET_PER_ADDRESS", "5"))
SKILLSNET_PASSWORD_RESET_PER_EMAIL = int(os.environ.get("SKILLSNET_PASSWORD_RESET_PER_EMAIL", "3"))
# API tokens (hashed at rest) expire after this many days (0: never).
SKILLSNET_TOKEN_DAYS = int(os.environ.get("SKILLSNET_TOKEN_DAYS", "90"))
# A signed-in session that sees no request for this long is signed out.
SKILLSNET_SESSION_IDLE_SECONDS = int(os.environ.get("SKILLSNET_SESSION_IDLE_SECONDS", str(60 * 60)))
SESSION_COOKIE_AGE = int(os.environ.get("SKILLSNET_SESSION_MAX_SECONDS", str(12 * 60 * 60)))

# Languages: English, Simplified Chinese, Lao, Khmer, Indonesian.
LANG_INFO.setdefault("lo", {"bidi": False, "code": "lo", "name": "Lao", "name_local": "ພາສາລາວ"})
LANG_INFO["km"] = {**LANG_INFO.get("km", {}), "name_local": "ភាសាខ្មែរ"}
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("zh-hans", _("Simplified Chinese")),
    ("lo", _("Lao")),
    ("km", _("Khmer")),
    ("id", _("Indonesian")),
]
# Order in which a stored multilingual name is looked up when the user's language has none.
SKILLSNET_NAME_FALLBACK = ["en", "zh-hans", "id", "lo", "km"]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("SKILLSNET_STATIC_ROOT", DATA_DIR / "static"))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("SKILLSNET_MEDIA_ROOT", DATA_DIR / "media"))
# Production: `skillsnet serve` runs collectstatic into STATIC_ROOT, and WhiteNoise serves the hashed,
# pre-compressed (gzip + brotli when available) files with far-future cache headers.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage" if PRODUCTION else
                    "whitenoise.storage.CompressedStaticFilesStorage" if _flag("SKILLSNET_COLLECTSTATIC") else
                    "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_MAX_AGE = 3600 * 24
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
SKILLSNET_MAX_UPLOAD_BYTES = int(os.environ.get("SKILLSNET_MAX_UPLOAD_BYTES", str(20 * 1024 * 1024)))
# core.uploads: the size limit is enforced while the body streams in; office archives are checked before
# any parser opens them (entries, unpacked size, compression ratio, declared sheet cells).
FILE_UPLOAD_HANDLERS = ["skillsnet.core.uploads.LimitedUploadHandler",
                        "django.core.files.uploadhandler.MemoryFileUploadHandler",
                        "django.core.files.uploadhandler.TemporaryFileUploadHandler"]
SKILLSNET_ARCHIVE_MAX_ENTRIES = int(os.environ.get("SKILLSNET_ARCHIVE_MAX_ENTRIES", "2000"))
SKILLSNET_ARCHIVE_MAX_UNCOMPRESSED_BYTES = int(os.environ.get("SKILLSNET_ARCHIVE_MAX_UNCOMPRESSED_BYTES",
                                                              str(200 * 1024 * 1024)))
SKILLSNET_ARCHIVE_MAX_RATIO = int(os.environ.get("SKILLSNET_ARCHIVE_MAX_RATIO", "150"))
SKILLSNET_MAX_SHEET_CELLS = int(os.environ.get("SKILLSNET_MAX_SHEET_CELLS", "2000000"))

# Cache (also rate limits and, with Redis, sessions). REDIS_URL: shared by every worker and machine.
# Production without Redis: a file cache in the data directory, shared by the workers of one machine.
# Otherwise (demo, tests): local memory.
REDIS_URL = os.environ.get("REDIS_URL") or os.environ.get("SKILLSNET_REDIS_URL", "")
_CACHE_PREFIX = os.environ.get("SKILLSNET_CACHE_PREFIX", "skillsnet")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL,
                          "KEY_PREFIX": _CACHE_PREFIX}}
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
elif PRODUCTION:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                          "LOCATION": str(DATA_DIR / "cache"), "KEY_PREFIX": _CACHE_PREFIX,
                          "OPTIONS": {"MAX_ENTRIES": 20000}}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

EMAIL_BACKEND = os.environ.get("SKILLSNET_EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = DATA_DIR / "outbox"
DEFAULT_FROM_EMAIL = os.environ.get("SKILLSNET_FROM_EMAIL", "skillsnet@localhost")

# Security
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# HTTPS (README, "Running behind HTTPS"). SKILLSNET_HTTPS=1: cookies only over HTTPS, HSTS, http
# redirected to https. SKILLSNET_PROXY_SSL_HEADER="X-Forwarded-Proto" (or "HEADER=value"): a reverse
# proxy that terminates TLS says so in this header (set it only when the proxy strips it from clients).
# The embedded demo serves plain http on 127.0.0.1 and sets none of these.
HTTPS = _flag("SKILLSNET_HTTPS")
SESSION_COOKIE_SECURE = HTTPS or _flag("SKILLSNET_SECURE_COOKIES")
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = HTTPS and _flag("SKILLSNET_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(os.environ.get("SKILLSNET_HSTS_SECONDS", str(365 * 24 * 3600 if HTTPS else 0)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = _flag("SKILLSNET_HSTS_INCLUDE_SUBDOMAINS")
SECURE_HSTS_PRELOAD = False
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]


def _proxy_ssl_header(value):
    if not value:
        return None
    name, _sep, expected = value.partition("=")
    name = name.strip().upper().replace("-", "_")
    return ("HTTP_" + name if not name.startswith("HTTP_") else name, expected.strip() or "https")


SECURE_PROXY_SSL_HEADER = _proxy_ssl_header(os.environ.get("SKILLSNET_PROXY_SSL_HEADER", ""))
# Reverse proxies in front that append the client's address to X-Forwarded-For (rate limits, security log).
SKILLSNET_TRUSTED_PROXY_COUNT = int(os.environ.get("SKILLSNET_TRUSTED_PROXY_COUNT", "0"))
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# HTML lists count exactly up to this many rows; above it they say "more than N" (exact count on request).
SKILLSNET_LIST_COUNT_CAP = int(os.environ.get("SKILLSNET_LIST_COUNT_CAP", "1000"))

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "skillsnet.accounts.tokens.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["skillsnet.core.drf.RulesPermission"],
    "DEFAULT_PARSER_CLASSES": ["skillsnet.core.parsers.SafeJSONParser", "rest_framework.parsers.FormParser",
                               "rest_framework.parsers.MultiPartParser"],
    "DEFAULT_FILTER_BACKENDS": ["skillsnet.core.filters.NamedFiltersBackend"],
    "DEFAULT_PAGINATION_CLASS": "skillsnet.core.drf.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "skillsnet.core.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "skillsnet.core.drf.exception_handler",
    "DEFAULT_THROTTLE_RATES": {"anon": "120/min", "user": "6000/min"},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "skillsnet API",
    "DESCRIPTION": "Registry, cooperation records, results and recognition for a TVET network.",
    "VERSION": "0.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # choice sets shared by several models (the same values), named once
    "ENUM_NAME_OVERRIDES": {
        "ActionStatusEnum": "skillsnet.agreements.models.Commitment.Status",  # = activities FollowUpAction.Status
        "EmploymentStatusEnum": "skillsnet.labour.models.TracerRecord.Status",  # = employment TracerSurvey.Status
    },
}

# Logs go to stdout: JSON lines in production (one object per record, with the request id), plain text
# otherwise. SKILLSNET_LOG_FORMAT=json|text overrides; SKILLSNET_LOG_LEVEL sets the level.
LOG_FORMAT = os.environ.get("SKILLSNET_LOG_FORMAT", "json" if PRODUCTION else "text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "skillsnet.core.logs.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "filters": {"request_id": {"()": "skillsnet.core.logs.RequestIdFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler",
                             "stream": "ext://sys.stdout" if PRODUCTION else "ext://sys.stderr",
                             "formatter": LOG_FORMAT if LOG_FORMAT in ("json", "text") else "text",
                             "filters": ["request_id"]}},
    "root": {"handlers": ["console"],
             "level": os.environ.get("SKILLSNET_LOG_LEVEL", "INFO" if PRODUCTION else "WARNING")},
}
