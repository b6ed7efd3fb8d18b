"""Every setting with a safe local default; environment variables override.

Environment variables:
  DATABASE_URL            default sqlite:///<repo>/var/toegang.sqlite3
  SECRET_KEY              default a fixed development key (refused by production settings)
  DEBUG                   "1"/"0", default 1 here, 0 in production settings
  ALLOWED_HOSTS           comma separated, default "127.0.0.1,localhost"
  TOEGANG_PROFILE_DIR     where `toegang profile load NAME` looks, default <repo>/profiles
  TOEGANG_UPLOAD_DIR      default <repo>/var/media
"""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent.parent
REPO_DIR = PACKAGE_DIR.parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on", "ja"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEVELOPMENT_SECRET_KEY = "toegang-development-only-not-secret"
SECRET_KEY = os.environ.get("SECRET_KEY", DEVELOPMENT_SECRET_KEY)
DEBUG = env_bool("DEBUG", True)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

VAR_DIR = Path(os.environ.get("TOEGANG_VAR_DIR", REPO_DIR / "var"))
DATABASE_URL = os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'toegang.sqlite3'}")


def database_from_url(url: str) -> dict:
    config = dj_database_url.parse(url, conn_max_age=0)
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # IMMEDIATE: a write transaction takes the lock at BEGIN, so the audit hash chain
        # (read last hash, write next row) cannot fork between two writers.
        config["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "timeout": 20}
    config["ATOMIC_REQUESTS"] = False
    return config


DATABASES = {"default": database_from_url(DATABASE_URL)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "template_partials",
    "toegang.core",
    "toegang.audit",
    "toegang.accounts",
    "toegang.profiles",
    "toegang.persons",
    "toegang.deadlines",
    "toegang.cases",
    "toegang.tasks",
    "toegang.intake",
    "toegang.plans",
    "toegang.assessments",
    "toegang.provisions",
    "toegang.ui",
    "toegang.api",
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
    "django_htmx.middleware.HtmxMiddleware",
    "toegang.ui.middleware.DomainErrorMiddleware",
]

ROOT_URLCONF = "toegang.urls"
WSGI_APPLICATION = "toegang.wsgi.application"

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
                "toegang.ui.context_processors.navigation",
            ],
        },
    }
]

AUTH_USER_MODEL = "accounts.Medewerker"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "ui:home"
LOGOUT_REDIRECT_URL = "login"

# The UI is Dutch by default; English is available (see docs/i18n.md).
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
# Static files are served from the apps (WHITENOISE_USE_FINDERS); production collects them into STATIC_ROOT.
STATIC_ROOT = os.environ.get("TOEGANG_STATIC_ROOT") or None
MEDIA_ROOT = Path(os.environ.get("TOEGANG_UPLOAD_DIR", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = int(os.environ.get("TOEGANG_SESSION_SECONDS", 8 * 3600))
X_FRAME_OPTIONS = "DENY"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "toegang.api.pagination.Paginering",
    "PAGE_SIZE": 25,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "toegang.api.errors.problem_exception_handler",
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Toegang API",
    "DESCRIPTION": "REST API van Toegang, integrale toegang sociaal domein (NL API Design Rules).",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "CAMELIZE_NAMES": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

TOEGANG_PROFILE_DIR = Path(os.environ.get("TOEGANG_PROFILE_DIR", REPO_DIR / "profiles"))
# Case documents: allowed types (checked on the file's first bytes, not its name) and the size limit.
TOEGANG_DOCUMENT_MAX_BYTES = int(os.environ.get("TOEGANG_DOCUMENT_MAX_BYTES", 10 * 1024 * 1024))
# Upper bound on rows in one list page (UI and API).
TOEGANG_PAGE_SIZE = int(os.environ.get("TOEGANG_PAGE_SIZE", 25))

# --- Audit trail (issue 9): owned by toegang.audit ---
# Checkpoints of the chain heads are written here; the operator ships the directory to write-once storage.
AUDIT_CHECKPOINT_DIR = Path(os.environ.get("TOEGANG_AUDIT_CHECKPOINT_DIR", VAR_DIR / "audit-checkpoints"))

# --- Request limits (issue 9): owned by toegang.api / toegang.core ---

# --- Backups (issue 9) ---
BACKUP_DIR = Path(os.environ.get("TOEGANG_BACKUP_DIR", VAR_DIR / "backups"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("TOEGANG_LOG_LEVEL", "WARNING")},
}
