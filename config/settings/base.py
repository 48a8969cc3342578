"""Settings shared by every environment. The environment is read here, once."""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
# Where the embedded database, uploaded files, the ingestion spool and collected static files
# live; another folder gives a second, independent instance (the user-path tests use one).
VAR_DIR = Path(os.environ.get("RABAT_VAR_DIR") or BASE_DIR / "var")

DEFAULT_SQLITE_URL = f"sqlite:///{VAR_DIR / 'rabat.sqlite3'}"
# Seconds a SQLite write waits for another connection's write lock before it gives up
# ("database is locked", answered 503 by core.middleware.DatabaseBusyMiddleware).
SQLITE_TIMEOUT = float(os.environ.get("RABAT_SQLITE_TIMEOUT", "20"))


def database_from_url(url: str) -> dict:
    """Build Django's DATABASES entry from a URL; SQLite gets WAL and IMMEDIATE transactions.

    SQLite has one writer at a time. WAL lets readers go on while it writes; IMMEDIATE makes
    every transaction take the write lock at its start, so that a second writer waits for it
    (up to ``SQLITE_TIMEOUT`` seconds) instead of failing at once when it upgrades a read;
    ``synchronous=NORMAL`` is safe with WAL and keeps commits short (docs/configuration.md).

    Connections are kept between requests (60 s, checked before reuse), SQLite's too: opening
    one costs a few milliseconds per request (the file, the pragmas, Django's SQL functions)
    and throws away SQLite's page cache; a trivial page went from 7.7 to 4.7 ms of server
    CPU (docs/performance.md)."""
    config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": SQLITE_TIMEOUT,
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
            ),
        }
    return config


INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "core",
    # After core: core's db_worker (the package's, plus recovery of dead workers' work) wins.
    "django_tasks",
    "django_tasks_db",
    "partners",
    "frameworks",
    "meetings",
    "documents",
    "reference",
    "portal",
    "workflows",
    "accounts",
    "labels",
    "assistance",
    "followup",
    "evaluations",
    "workspaces",
    "knowledge",
    "search",
    "monitoring",
    "stocktaking",
]

# The platform's own apps, in dependency order. Each keeps its French catalogue in
# <app>/locale/ (see LOCALE_PATHS); strings of the shared templates live in locale/.
PROJECT_APPS = [
    "core",
    "partners",
    "frameworks",
    "meetings",
    "documents",
    "reference",
    "portal",
    "workflows",
    "accounts",
    "labels",
    "assistance",
    "followup",
    "evaluations",
    "workspaces",
    "knowledge",
    "search",
    "monitoring",
    "stocktaking",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # A NUL character in the address, query or body is a 400 before any database lookup
    # (PostgreSQL refuses it with a 500 otherwise; docs/api.md).
    "core.api.middleware.NulCharacterMiddleware",
    # A write that finds SQLite locked after its busy timeout is a 503, never a 500 (F11).
    "core.middleware.DatabaseBusyMiddleware",
    "core.cache.ContentVersionMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Two-factor authentication (docs/security.md): OTPMiddleware marks the verified
    # sessions, TwoFactorMiddleware sends Secretariat and administrators to enrol or verify.
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Innermost, so that cached pages still get the security, CSP and language headers.
    "core.cache.AnonymousPageCacheMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "core.context_processors.site",
            ],
        },
    },
]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGES = [("en", _("English")), ("fr", _("French"))]
# App catalogues first: `makemessages` writes each string to the first path whose folder
# holds the source file, so each app's strings go to its own catalogue.
LOCALE_PATHS = [
    *(BASE_DIR / app / "locale" for app in PROJECT_APPS if (BASE_DIR / app / "locale").is_dir()),
    BASE_DIR / "locale",
]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "staticfiles"
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"

# Background tasks (docs/configuration.md, docs/knowledge-ingestion.md): Django's tasks API
# through the django-tasks backport (core/tasks.py is the one import place). "database" (the
# default) keeps the queue in the database and needs `rabat db_worker` beside the web server
# (`make run` starts one); "rq" sends it to Redis (django-tasks-rq, RABAT_REDIS_URL) for
# workers on several hosts; "immediate" runs each task inside the request (no worker).
RABAT_TASKS_BACKEND = os.environ.get("RABAT_TASKS_BACKEND", "database")
_TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "rq": "django_tasks_rq.RQBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
if RABAT_TASKS_BACKEND not in _TASK_BACKENDS:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        f"RABAT_TASKS_BACKEND must be one of {', '.join(_TASK_BACKENDS)}, "
        f"not {RABAT_TASKS_BACKEND!r}"
    )
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[RABAT_TASKS_BACKEND]}}
if RABAT_TASKS_BACKEND == "rq":
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    TASKS["default"]["QUEUES"] = ["default"]
    RQ_QUEUES = {"default": {"URL": os.environ.get("RABAT_REDIS_URL", "redis://127.0.0.1:6379/0")}}
# An ingestion item's lease: a worker renews it while it works on the file (every third of
# it); an item whose lease ran out, or whose worker on this host is gone, is queued again.
RABAT_INGEST_LEASE_SECONDS = int(os.environ.get("RABAT_INGEST_LEASE_SECONDS", "30"))

# Authentication (docs/security.md). The backend pauses a username that failed too often
# and slows down an address that did (accounts.throttling).
AUTHENTICATION_BACKENDS = ["accounts.backends.ThrottledModelBackend"]
RABAT_LOGIN_FAILURE_LIMIT = 5  # failed attempts per username (then locked), per address (slowed)
RABAT_LOGIN_FAILURE_WINDOW = 15 * 60  # ...within this many seconds lock it for as long
# Reverse proxies whose X-Forwarded-For is believed for the client's address: empty (none,
# REMOTE_ADDR), their number, or their addresses/networks, e.g. "10.0.0.0/8,127.0.0.1".
RABAT_TRUSTED_PROXIES = os.environ.get("RABAT_TRUSTED_PROXIES", "")
# The licence of the open data (/monitoring/data/, docs/open-data.md): its SPDX identifier,
# name and address, stated on the page, in every file and in the catalogue. Creative Commons
# Attribution 4.0 by default, the European Commission's standard licence for its own data.
# Another licence is given whole (all three variables) or not at all.
_LICENCE_ENV = (
    "RABAT_OPEN_DATA_LICENCE",
    "RABAT_OPEN_DATA_LICENCE_NAME",
    "RABAT_OPEN_DATA_LICENCE_URL",
)
if any(os.environ.get(name) for name in _LICENCE_ENV):
    if not all(os.environ.get(name) for name in _LICENCE_ENV):
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(
            "An open-data licence other than the default needs all of " + ", ".join(_LICENCE_ENV)
        )
    RABAT_OPEN_DATA_LICENCE = dict(
        zip(("id", "name", "url"), (os.environ[name] for name in _LICENCE_ENV), strict=True)
    )
else:
    RABAT_OPEN_DATA_LICENCE = {
        "id": "CC-BY-4.0",
        "name": "Creative Commons Attribution 4.0 International",
        "url": "https://creativecommons.org/licenses/by/4.0/",
    }
# Roles that must use two-factor authentication (core.roles.Roles attributes).
RABAT_TWO_FACTOR_ROLES = ["secretariat", "admin"]
OTP_TOTP_ISSUER = "Rabat Process"
OTP_STATIC_THROTTLE_FACTOR = 1
OTP_TOTP_THROTTLE_FACTOR = 1

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "core.api.schema.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "core.api.pagination.StandardPagination",
    "PAGE_SIZE": 50,
    # django-filter with the limits every list shares on filter values (core.filtersets).
    "DEFAULT_FILTER_BACKENDS": ["core.api.filters.FilterBackend"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    # Session only: HTTP Basic would bypass the sign-in throttling pages and two-factor
    # authentication (docs/security.md).
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
        "core.api.renderers.CSVRenderer",
    ],
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Rabat Process platform API",
    "DESCRIPTION": (
        "Read API of the Euro-African Dialogue on Migration and Development: partners, "
        "governance, action plans, meetings, recommendations and documents. Filters have "
        "the same names as on the public pages."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "CountryStatusEnum": "partners.choices.CountryStatus",
        "MeetingStatusEnum": "meetings.choices.MeetingStatus",
        "MeetingKindEnum": "meetings.choices.MeetingKind",
        "DocumentKindEnum": "documents.choices.DocumentKind",
        "FrameworkKindEnum": "frameworks.choices.FrameworkKind",
        "FrameworkItemKindEnum": "frameworks.choices.ItemKind",
        "OrganisationKindEnum": "partners.choices.OrganisationKind",
        "GovernanceRoleKindEnum": "partners.choices.GovernanceRoleKind",
        "MeetingRoleKindEnum": "meetings.choices.MeetingRoleKind",
        "SessionKindEnum": "meetings.choices.SessionKind",
        "DatePrecisionEnum": "core.models.DatePrecision",
        # Evaluation forms and data-collection rounds share draft / open / closed.
        "DraftOpenClosedStateEnum": "evaluations.choices.FormState",
        "AssistanceKindEnum": "assistance.choices.AssistanceKind",
    },
}

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "script-src": ["'self'"],
        "object-src": ["'none'"],
        "frame-ancestors": ["'self'"],
    }
}

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "rabat",
        "TIMEOUT": 300,
    }
}

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "SAMEORIGIN"

# Apps whose data the cached pages show: any write to them invalidates the caches (core.cache).
CONTENT_CACHE_APPS = {
    "partners",
    "frameworks",
    "meetings",
    "documents",
    "labels",
    "assistance",
    "followup",
    "knowledge",
    "monitoring",
}

# Maximum upload size for document files (bytes).
DOCUMENT_MAX_UPLOAD_SIZE = 50 * 1024 * 1024

# E-mail: printed on the console unless configured (docs/configuration.md).
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = "Rabat Process platform <no-reply@rabat-process.invalid>"
# The address of the site, for links in e-mails and generated documents.
SITE_URL = "http://127.0.0.1:8000"
