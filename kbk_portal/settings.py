"""Settings for the KBK Portal.

One file, configured from environment variables. A local quick start (``make run``)
sets ``DEBUG=1`` and needs nothing else; production sets the variables listed in
README.md ("Configuration").
"""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from kbk_portal.env import env_bool, env_emails, env_int, env_list, env_s3_storages, env_secret, env_str

BASE_DIR = Path(__file__).resolve().parent.parent


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = env_secret("SECRET_KEY")
if SECRET_KEY is None:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "django-insecure-local-development-only-kbk-portal"  # noqa: S105 - DEBUG only

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "treebeard",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "simple_history",
    "django_tasks_db",
    "core",
    "groups",
    "risalah",
    "events",
    "reports",
    "demo",  # seed_demo; at the top: it may import every app, no app imports it
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Compresses pages, CSV and JSON last, after every other middleware wrote the response.
    "core.middleware.CompressionMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.PortalLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After authentication: a session that still owes its second step (or a verifikator or
    # admin without an authenticator app) reaches only that step, logging out and static files.
    "core.middleware.TwoFactorMiddleware",
    "core.middleware.MethodNotAllowedPageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Axes must come last so that it sees the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "kbk_portal.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "kbk_portal.context_processors.navigation",
            ],
        },
    },
]

WSGI_APPLICATION = "kbk_portal.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(env_secret("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"))
}
# PostgreSQL: each gunicorn worker keeps its connection for a minute instead of opening one per
# request, and checks it before reuse so a restarted database costs no failed request.
_on_postgresql = DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
DATABASES["default"]["CONN_MAX_AGE"] = env_int("DATABASE_CONN_MAX_AGE", 60 if _on_postgresql else 0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = env_bool("DATABASE_CONN_HEALTH_CHECKS", _on_postgresql)
if _on_postgresql:
    # Settings each PostgreSQL connection starts with (libpq's "options"):
    # - pg_trgm's "%" (Django's trigram_similar) at the checker's near-duplicate threshold
    #   (risalah.library.NEAR_DUPLICATE_TRIGRAM), so that the title's trigram index finds the
    #   near-duplicate titles of 19,000 risalah in a few milliseconds (0.3 s without it);
    # - JIT off unless DATABASE_JIT=1: it compiles a query whose estimated cost is high, and the
    #   dashboard's and the trend's aggregates (many conditional counts) spent 0.4 to 3 s
    #   compiling for 30 to 60 ms of execution. The portal's queries are short.
    _startup = ["-c pg_trgm.similarity_threshold=0.8"]
    if not env_bool("DATABASE_JIT", False):
        _startup.insert(0, "-c jit=off")
    options = DATABASES["default"].setdefault("OPTIONS", {})
    options["options"] = " ".join([options.get("options", ""), *_startup]).strip()
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the task worker and the web server share the file; IMMEDIATE avoids
    # "database is locked" on concurrent writes.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "core.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "core.backends.UsernameOrEmailBackend",
]

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "core-home"
LOGOUT_REDIRECT_URL = "login"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24 * 3  # an invitation link stays valid for three days
# "Forgot your password?" sends at most this many links per hour to one address, and
# answers at most this many requests per hour from one IP (core/throttle.py).
PASSWORD_RESET_MAX_PER_ADDRESS = env_int("PASSWORD_RESET_MAX_PER_ADDRESS", 3)
PASSWORD_RESET_MAX_PER_IP = env_int("PASSWORD_RESET_MAX_PER_IP", 10)
# The page shown when a form's CSRF token is missing or stale, in the portal's layout.
CSRF_FAILURE_VIEW = "core.views.auth.csrf_failure"

# Two-factor login (django-otp, core/twofa.py): verifikator and admin accounts must confirm an
# authenticator app (TOTP) before anything else; other people may. TWO_FACTOR_REQUIRED=0 turns
# the obligation off (the second step of those who set up an app stays).
TWO_FACTOR_REQUIRED = env_bool("TWO_FACTOR_REQUIRED", True)
OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER", "Portal KBK")
TWO_FACTOR_RECOVERY_CODES = 10

# django-axes: 5 failures per (username, IP) pair lock that pair for 15 minutes, so one
# person's typos never lock a whole office that shares a NAT address.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# Count failures per account, whichever spelling of the login (username or e-mail) is typed.
AXES_USERNAME_CALLABLE = "core.backends.axes_username"
AXES_IPWARE_PROXY_COUNT = env_int("AXES_PROXY_COUNT", 0) or None
AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Indonesian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["kbk_portal.formats"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    # Uploads are private: there is no MEDIA_URL; files are served by views that check access.
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
# Exports made in the background (reports.ExportJob): private like the uploads, served only by
# the download view to the user who asked, deleted after EXPORT_RETENTION_HOURS by purge_exports.
EXPORT_ROOT = Path(env_str("EXPORT_ROOT", str(MEDIA_ROOT / "exports")))
STORAGES["exports"] = {
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {"location": str(EXPORT_ROOT)},
}
# MEDIA_STORAGE=s3: uploads and exports in a bucket of S3 or an S3-compatible store (MinIO, Ceph,
# a cloud's object storage), so that several app servers serve the same files; the MEDIA_S3_*
# variables are read by env_s3_storages (README.md, "Several app servers").
MEDIA_STORAGE = env_str("MEDIA_STORAGE", "filesystem")
if MEDIA_STORAGE == "s3":
    STORAGES.update(env_s3_storages())
elif MEDIA_STORAGE != "filesystem":
    raise ImproperlyConfigured(f"MEDIA_STORAGE must be filesystem or s3, got {MEDIA_STORAGE!r}")
EXPORT_RETENTION_HOURS = env_int("EXPORT_RETENTION_HOURS", 72)
# The printed risalah, rendered once per content (risalah.pdf_cache): private like the uploads,
# served only by the PDF views after their access check; ``purge_pdf_cache`` drops stale files.
PDF_CACHE_ROOT = Path(env_str("PDF_CACHE_ROOT", str(MEDIA_ROOT / "pdf-cache")))
STORAGES["pdf_cache"] = {
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {"location": str(PDF_CACHE_ROOT)},
}
# A yearly recap of at most this many groups is built at once; a larger one, or one of a whole
# Pemda, goes to the task worker.
EXPORT_DIRECT_MAX_GROUPS = env_int("EXPORT_DIRECT_MAX_GROUPS", 300)
FILE_UPLOAD_PERMISSIONS = 0o640
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
# Top folders of the uploads' storage that `manage.py backup` leaves out: files the portal makes
# again (background exports, which expire anyway, and the printed risalah's cache).
BACKUP_SKIP_FOLDERS = ("exports", "pdf-cache")

# Upload limits (see core/uploads.py)
UPLOAD_MAX_BYTES = env_int("UPLOAD_MAX_BYTES", 10 * 1024 * 1024)
UPLOAD_MAX_PIXELS = env_int("UPLOAD_MAX_PIXELS", 40_000_000)

# Background tasks (e-mail, reminders): core django.tasks with the database backend;
# `python manage.py db_worker` runs them (make run starts one beside the server).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# /sehat/ answers 503 when a task has waited this long for the worker (core/health.py).
WORKER_STALE_AFTER = timedelta(minutes=env_int("WORKER_STALE_MINUTES", 5))

# Reminders: digests go out this many days before and after each deadline (see README).
REMINDER_DAYS_BEFORE = env_int("REMINDER_DAYS_BEFORE", 21)
REMINDER_DAYS_AFTER = env_int("REMINDER_DAYS_AFTER", 21)

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Mail: a real SMTP server in production, the console when developing.
MAILERS = {
    "default": {
        "BACKEND": env_str(
            "EMAIL_BACKEND",
            "django.core.mail.backends.console.EmailBackend"
            if DEBUG
            else "django.core.mail.backends.smtp.EmailBackend",
        ),
    }
}
if MAILERS["default"]["BACKEND"] == "django.core.mail.backends.smtp.EmailBackend":
    MAILERS["default"]["OPTIONS"] = {
        "host": env_str("EMAIL_HOST", "localhost"),
        "port": env_int("EMAIL_PORT", 587),
        "username": env_str("EMAIL_HOST_USER", ""),
        "password": env_secret("EMAIL_HOST_PASSWORD", ""),
        "use_tls": env_bool("EMAIL_USE_TLS", True),
        "timeout": 30,
    }
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Portal KBK <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
SITE_NAME = env_str("SITE_NAME", "Portal KBK")
PORTAL_BASE_URL = env_str("PORTAL_BASE_URL", "http://127.0.0.1:8000")  # for links in e-mails sent by cron

# Security. Production values are the defaults whenever DEBUG is off.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
# The load balancer asks for the health page over plain HTTP, behind the TLS proxy.
SECURE_REDIRECT_EXEMPT = [r"^sehat/$"]
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
if env_bool("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# A session ends after this long without a request (each request saves it and so renews it).
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_MINUTES", 60 * 10) * 60  # a working day by default
SESSION_SAVE_EVERY_REQUEST = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# Logs go to stderr (journald or the container log) as "time level logger: message"; errors
# (an exception in a request, a failed task) also go by e-mail to ADMINS when DEBUG is off.
ADMINS = env_emails("ADMINS")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"require_debug_false": {"()": "django.utils.log.RequireDebugFalse"}},
    "formatters": {
        "portal": {"format": "{asctime} {levelname} {name}: {message}", "style": "{"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "portal"},
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
            "filters": ["require_debug_false"],
        },
    },
    "root": {"handlers": ["console", "mail_admins"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's own handlers are replaced: its records reach the root's, once.
        "django": {"handlers": [], "level": "INFO"},
        # A request with a wrong Host header (scanners, a health check by IP) is logged, not mailed.
        "django.security.DisallowedHost": {"handlers": ["console"], "propagate": False},
        "axes": {"level": "WARNING"},
        # WeasyPrint and fontTools write INFO lines for every page and font of every PDF.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# Demo data must never be loaded into a production database by accident.
ALLOW_DEMO_DATA = env_bool("ALLOW_DEMO_DATA", DEBUG)
