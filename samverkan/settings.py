"""Samverkan's settings: one module, every environment differs by variables only.

The variables are documented in README.md (section "Configuration").
"""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG")
# Management commands (migrations, translations, checks) run without one; the web application
# refuses to start without it unless DEBUG is on (samverkan/wsgi.py), and `check --deploy`
# flags the development key.
SECRET_KEY_IS_SET = bool(env_str("SECRET_KEY"))
SECRET_KEY = env_str("SECRET_KEY") or "django-insecure-development-key"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "simple_history",
    "axes",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "samverkan.accounts",
    "samverkan.organisations",
    "samverkan.partnerships",
    "samverkan.followup",
    "samverkan.areas",
    "samverkan.activities",
    "samverkan.agreements",
    "samverkan.innovation",
    "samverkan.reminders",
    "samverkan.calendars",
    "samverkan.audit",
    "samverkan.demo",
    "samverkan.dataset",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Axes last, as its documentation asks: it answers locked-out logins itself.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "samverkan.urls"
WSGI_APPLICATION = "samverkan.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "samverkan" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# SQLite is the embedded default; production and CI set DATABASE_URL to PostgreSQL.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'samverkan.sqlite3'}"),
        # Each gunicorn worker keeps its connection (checked before reuse) rather than opening
        # one per request: a few milliseconds off every page (docs/performance.md).
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Wait for a writer instead of failing at once when two requests write together.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL compiles a query to machine code (JIT) when its estimated cost is high, which
    # the masking subqueries make it for every page of a large partnership: 180 ms of
    # compiling for 14 ms of work (docs/performance.md). Pages run short queries; off.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "partnerships:list"
LOGOUT_REDIRECT_URL = "login"

# Failed logins: after AXES_FAILURE_LIMIT failures for one username from one address, that
# combination is locked out for AXES_COOLOFF_HOURS.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_HOURS", 1)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = env_bool("AXES_VERBOSE")
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "samverkan.accounts.client_ip.client_ip"
# How many reverse proxies of our own stand in front of the application (0: none).
TRUSTED_PROXIES = env_int("TRUSTED_PROXIES", 0)

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "samverkan" / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_NAME = "samverkan_language"
LANGUAGE_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_SAMESITE = "Lax"

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [
    ("vendor/bootstrap", BASE_DIR / "node_modules" / "bootstrap" / "dist"),
    ("vendor/htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist"),
    BASE_DIR / "samverkan" / "static",
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or env_bool("SAMVERKAN_TESTING")
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))

# Secure defaults in production (DEBUG off); `make check-deploy` holds them to it.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_PROXY") else None
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# The cache. CACHE_URL (redis://host:6379/1) gives one Redis cache to all the server's processes:
# the API's throttle counts are then global, and sessions are read from it (`cached_db`: every
# write still goes to the database, which stays the record), which spares every page a query.
# Without it each process has Django's local-memory cache of its own, which must not hold
# sessions (a logout in one process would not end the session in another); so sessions are
# read from the database, except under the tests, each of whose processes is its own server.
CACHE_URL = env_str("CACHE_URL")
if CACHE_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
    }
if CACHE_URL or env_bool("SAMVERKAN_TESTING"):
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 60 * 60)
CSRF_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
# The health check answers load balancers over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "samverkan@localhost")

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True
# The admin shows history; reverting from it would bypass the rules and the version check.
SIMPLE_HISTORY_REVERT_DISABLED = True

# The REST API under /api/v1/ (docs/api.md).
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "samverkan.accounts.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["samverkan.rest.parsers.LimitedJSONParser"],
    "DEFAULT_PAGINATION_CLASS": "samverkan.rest.pagination.KeysetPagination",
    # No OPTIONS self-description: the OpenAPI schema describes every operation.
    "DEFAULT_METADATA_CLASS": None,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "samverkan.rest.exceptions.handle",
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env_str("API_RATE_ANONYMOUS", "60/hour"),
        "user": env_str("API_RATE_USER", "5000/hour"),
    },
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    # The anonymous throttle reads the client's address behind the same trusted proxies.
    "NUM_PROXIES": TRUSTED_PROXIES or None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Samverkan API",
    "DESCRIPTION": "The partnership register: organisations, partnerships, collaboration areas, "
    "contact persons, leadership dialogues and notices. See docs/api.md.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "OrganisationKindEnum": "samverkan.organisations.models.Organisation.Kind",
        "UnitKindEnum": "samverkan.organisations.models.Unit.Kind",
        "PartnershipKindEnum": "samverkan.partnerships.models.Partnership.Kind",
        "PartnershipStatusEnum": "samverkan.partnerships.models.Partnership.Status",
        "CollaboratorKindEnum": "samverkan.partnerships.models.Collaborator.Kind",
        "PartyRoleEnum": "samverkan.partnerships.models.Party.Role",
        "SteeringGroupRoleEnum": "samverkan.followup.models.SteeringGroupMember.Role",
        "RoleEnum": "samverkan.accounts.models.Role",
        "HistoryKindEnum": "samverkan.rest.history.HISTORY_KINDS",
        "ActivityKindEnum": "samverkan.activities.models.ActivityKind",
        "ActivityStatusEnum": "samverkan.activities.models.Activity.Status",
        "ActivityProgrammeEnum": "samverkan.activities.models.Activity.Programme",
        "EuRoleEnum": "samverkan.activities.models.ActivityParty.EuRole",
        "AgreementStatusEnum": "samverkan.agreements.models.Agreement.Status",
        "SignatureMethodEnum": "samverkan.agreements.models.Signature.Method",
        "RegistrationDirectionEnum": "samverkan.agreements.models.Registration.Direction",
        "SecrecyTargetEnum": "samverkan.agreements.models.SecrecyMarking.Target",
        "AgreementSecrecyTargetEnum": "samverkan.agreements.forms.AGREEMENT_TARGET_CHOICES",
        "ActionItemStatusEnum": "samverkan.followup.models.ActionItem.Status",
        "InnovationStageEnum": "samverkan.innovation.models.Stage",
        "SupportKindEnum": "samverkan.innovation.models.Support.Kind",
        "OutcomeKindEnum": "samverkan.innovation.models.Outcome.Kind",
        "CasePersonRoleEnum": "samverkan.innovation.models.CasePerson.Role",
        "ReminderKindEnum": "samverkan.reminders.models.Kind",
        "ReminderStateEnum": "samverkan.reminders.models.Reminder.State",
        # The compliance findings' state keeps its first name beside the reminders' "state".
        "StateEnum": "samverkan.followup.compliance.STATES",
    },
}
# Request bodies over this size answer 413 in the API.
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 2_621_440)
# The largest agreement document or signed scan accepted (bytes); larger uploads are refused
# with a message on the form. Uploaded files are kept under MEDIA_ROOT and served only through
# views that check who may see them.
AGREEMENT_DOCUMENT_MAX_BYTES = env_int("AGREEMENT_DOCUMENT_MAX_BYTES", 20 * 1024 * 1024)
# The same for the minutes of a steering-group meeting (PDF or DOCX).
MINUTES_DOCUMENT_MAX_BYTES = env_int("MINUTES_DOCUMENT_MAX_BYTES", 20 * 1024 * 1024)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # WeasyPrint logs every layout step at INFO; its warnings (a missing font) still show.
    "loggers": {"weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}

# Loading the demo users is refused unless this is on (it is, in `make run`).
SAMVERKAN_ALLOW_DEMO = env_bool("SAMVERKAN_ALLOW_DEMO", DEBUG)

# Celery and reminders
from celery.schedules import crontab  # noqa: E402

# The broker: CELERY_BROKER_URL, or REDIS_URL (redis://127.0.0.1:6379/0). With neither, tasks
# run eagerly in-process (the embedded default) and cron runs `manage.py send_reminders` daily.
_CELERY_BROKER = env_str("CELERY_BROKER_URL") or env_str("REDIS_URL")
CELERY_BROKER_URL = _CELERY_BROKER or "memory://"
CELERY_RESULT_BACKEND = env_str("CELERY_RESULT_BACKEND") or None
CELERY_TASK_ALWAYS_EAGER = not _CELERY_BROKER
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    "daily-reminders": {
        "task": "reminders.daily_pass",
        # Every morning at six, Stockholm time (CELERY_TIMEZONE).
        "schedule": crontab(hour=env_int("REMINDER_HOUR", 6), minute=0),
        "options": {"expires": 12 * 60 * 60},
    },
}
# Days before a deadline at which a reminder goes out, then "overdue" after it.
REMINDER_TIERS = tuple(int(days) for days in env_list("REMINDER_TIERS", "90,30,7"))
# How many times a reminder whose e-mail failed is tried (once per daily pass).
REMINDER_MAX_ATTEMPTS = env_int("REMINDER_MAX_ATTEMPTS", 5)
# The address of the site, for links in e-mails.
SITE_URL = env_str("SITE_URL", "http://localhost:8000")
