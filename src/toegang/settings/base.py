"""Every setting with a safe local default; environment variables override.

Environment variables:
  DATABASE_URL            default sqlite:///<repo>/var/toegang.sqlite3
  SECRET_KEY              default a fixed development key (refused by production settings)
  DEBUG                   "1"/"0", default 1 here, 0 in production settings
  ALLOWED_HOSTS           comma separated, default "127.0.0.1,localhost"
  TOEGANG_PROFILE_DIR     where `toegang profile load NAME` looks, default <repo>/profiles
  TOEGANG_UPLOAD_DIR      default <repo>/var/media
  TOEGANG_GO_LIVE         the installation's go-live date (ISO), default 2015-01-01 (plausible dates, core/dates.py)
  TOEGANG_BASE_URL        the address staff open Toegang at, for links in e-mail, default http://localhost:8000
  TOEGANG_BERICHTEN_IN    the hub mailbox Toegang reads iJw/iWmo messages from, default <repo>/var/berichten/in
  TOEGANG_BERICHTEN_UIT   the hub mailbox Toegang writes messages to, default <repo>/var/berichten/uit
  EMAIL_BACKEND, EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS, EMAIL_TIMEOUT,
  DEFAULT_FROM_EMAIL      e-mail of notifications (docs/operations.md); default: printed on the console
  TOEGANG_LOG_FORMAT, TOEGANG_LOG_LEVEL, TOEGANG_LOG_STREAM, TOEGANG_REQUEST_LOG_LEVEL, TOEGANG_METRICS_TOKEN,
  TOEGANG_JOB_QUEUES      logs, metrics and health (docs/operations.md "Logs, metrics en gezondheid")
  TOEGANG_DB_CONN_MAX_AGE seconds a database connection is kept for the next request; default 0 here (one per
                          request), 60 in production settings (docs/operations.md "Productie")
  TOEGANG_REDIS_URL       a Redis shared by every web server: the cache, the Celery broker of background jobs
                          (docs/operations.md "Achtergrondtaken"), readiness, queue depth; default none: a cache
                          per process and jobs in the web process
"""

import datetime as dt
import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from toegang.jobs.schedule import beat_schedule

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


# Persistent connections (docs/operations.md "Productie"): opening a PostgreSQL connection costs 10-17 ms, more than
# most pages take, so a web thread keeps its connection this many seconds for the next request; Django checks it is
# still alive before reusing it (CONN_HEALTH_CHECKS), so a restarted database costs one retry, not an error page.
# Not psycopg's pool: gunicorn's threads each hold one connection anyway, so a pool per process adds a dependency and
# nothing else, and a pooler for many servers (PgBouncer) belongs in front of the database, not in each process.
DB_CONN_MAX_AGE = int(os.environ.get("TOEGANG_DB_CONN_MAX_AGE", 0))


def database_from_url(url: str, *, conn_max_age: int | None = None) -> dict:
    config = dj_database_url.parse(url, conn_max_age=DB_CONN_MAX_AGE if conn_max_age is None else conn_max_age,
                                   conn_health_checks=True)
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # IMMEDIATE: a write transaction takes the lock at BEGIN, so the audit hash chain
        # (read last hash, write next row) cannot fork between two writers.
        config["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "timeout": 20}
    elif config["ENGINE"] == "django.db.backends.postgresql":
        # JIT compilation off for the application's connections: the planner's estimates for grouped queries over
        # large tables (the indicators, the worklists' counts) pass jit_above_cost, and compiling then takes seconds
        # where the query itself takes milliseconds (docs/indicators-benchmark.md). Other roles on the server keep it.
        # A URL's own ?options=... is kept; one that sets jit itself wins.
        options = config.setdefault("OPTIONS", {})
        if "jit" not in options.get("options", ""):
            options["options"] = f"{options.get('options', '')} -c jit=off".strip()
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
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "template_partials",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
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
    "toegang.direction",
    "toegang.escalation",
    "toegang.conferences",
    "toegang.feedback",
    "toegang.safety",
    "toegang.verwijsindex",
    "toegang.messaging",
    "toegang.retention",
    "toegang.jobs",
    "toegang.insight",
    "toegang.ui",
    "toegang.api",
]

MIDDLEWARE = [
    # Before everything: the request's id for every log line, its latency and query count (toegang.core.observability).
    "toegang.core.observability.RequestObservability",
    # Next: every answer, also those written by the middleware below (problem+json, refusals, error pages), gets the
    # security headers (docs/security.md): Cache-Control no-store and Permissions-Policy, then the CSP (django-csp).
    "toegang.core.headers.PrivateResponseHeaders",
    "csp.middleware.CSPMiddleware",
    "toegang.api.middleware.ApiConventions",  # under /api/: API-Version on every answer, errors as problem+json
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "toegang.ui.middleware.DutchUnlessChosen",  # Django's LocaleMiddleware, minus Accept-Language
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "toegang.audit.middleware.OneAccessLogPerRequest",
    "django.contrib.messages.middleware.MessageMiddleware",
    "toegang.accounts.sessions.SessionTimeouts",  # idle and absolute session timeouts (after auth and messages)
    "django_otp.middleware.OTPMiddleware",  # request.user.is_verified(): the second factor given in this session
    "toegang.accounts.sessions.SecondFactor",  # no page before the second factor, for who must give one
    "toegang.core.middleware.RequestLimitsMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "toegang.ui.middleware.DomainErrorMiddleware",
    "axes.middleware.AxesMiddleware",  # last: answers a locked-out login with accounts.sessions.locked_out
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

# Plain widgets (inputs, textarea, select) written in Python, the rest through Django's templates (ui/renderers.py;
# issue 16: a page with forms spent a fifth of its time in the widget templates)
FORM_RENDERER = "toegang.ui.renderers.FastWidgets"

AUTH_USER_MODEL = "accounts.Medewerker"
# Django's four validators (issue 13, item 2), also in accounts.actions.check_create_medewerker: not like the
# username or name, at least 12 characters (NCSC ICT-beveiligingsrichtlijnen voor webapplicaties, U/WA.05; the
# BIO asks for passwords of sufficient quality, 9.4.3), not among 20,000 common passwords, not only digits.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "toegang.accounts.passwords.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Throttling (django-axes; docs/security.md "Logging in"): after 5 wrong passwords for one username, that username
# cannot log in for 15 minutes, from any address (BIO 9.4.2). By username, not by address: a municipality's staff
# share one outgoing address, which an address lock would shut out all at once. The lock page: accounts.sessions.
# Two factors (django-otp, a TOTP authenticator app; accounts/permissions.requires_second_factor and
# accounts/sessions.SecondFactor): "verplicht" for everyone who sees personal data (production's default), or
# "optioneel": asked only of who set one up (development and the demo, so the demo logins work without a phone).
TOEGANG_TWO_FACTOR = os.environ.get("TOEGANG_TWO_FACTOR", "optioneel")
OTP_TOTP_ISSUER = os.environ.get("TOEGANG_TWO_FACTOR_ISSUER", "Toegang")
OTP_TOTP_THROTTLE_FACTOR = 1  # after each wrong code: 1, 2, 4, 8 ... seconds before the next may be tried
# Logging in through the municipality's identity provider (OpenID Connect, mozilla-django-oidc; docs/security.md
# "Logging in through the municipality's identity provider"): off while TOEGANG_OIDC_ISSUER is empty. Local passwords
# stay for the demo and small installations unless TOEGANG_LOCAL_LOGIN=0; then the login page offers only the IdP.
TOEGANG_LOCAL_LOGIN = env_bool("TOEGANG_LOCAL_LOGIN", True)
# axes first (a locked-out username gets no further), then passwords, then the IdP (which answers only its callback).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    *(["django.contrib.auth.backends.ModelBackend"] if TOEGANG_LOCAL_LOGIN else []),
    "toegang.accounts.oidc.IdentityProviderBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("TOEGANG_LOGIN_FAILURES", 5))
AXES_COOLOFF_TIME = dt.timedelta(minutes=int(os.environ.get("TOEGANG_LOCKOUT_MINUTES", 15)))
AXES_LOCKOUT_PARAMETERS = ["username"]
# axes.W006 asks for the address among the lock parameters; the reason above is why it is not (docs/security.md).
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "toegang.accounts.sessions.locked_out"
AXES_DISABLE_ACCESS_LOG = True  # only the failures are kept (with their address); Toegang's own logs hold the rest
AXES_IPWARE_PROXY_COUNT = int(os.environ.get("TOEGANG_PROXY_COUNT", 0))
AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
# The IdP: its issuer (discovery at <issuer>/.well-known/openid-configuration, fetched when first needed and kept for
# TOEGANG_OIDC_DISCOVERY_SECONDS), the name on the login button, Toegang's client at the IdP, the scopes asked, the
# claims that carry the username on the first login and the groups (mapped to roles by the profile: `identiteit`).
TOEGANG_OIDC_ISSUER = os.environ.get("TOEGANG_OIDC_ISSUER", "").rstrip("/")
TOEGANG_OIDC_NAME = os.environ.get("TOEGANG_OIDC_NAME", "de gemeente")
TOEGANG_OIDC_DISCOVERY_SECONDS = int(os.environ.get("TOEGANG_OIDC_DISCOVERY_SECONDS", 3600))
TOEGANG_OIDC_USERNAME_CLAIM = os.environ.get("TOEGANG_OIDC_USERNAME_CLAIM", "preferred_username")
TOEGANG_OIDC_GROUPS_CLAIM = os.environ.get("TOEGANG_OIDC_GROUPS_CLAIM", "groups")
# The IdP's second factor stands in for Toegang's own (the authenticator app) only when this is on and the ID token
# says it was used: one of TOEGANG_OIDC_MFA_AMR among its `amr` (RFC 8176), or its `acr` among TOEGANG_OIDC_MFA_ACR.
TOEGANG_OIDC_TRUST_MFA = env_bool("TOEGANG_OIDC_TRUST_MFA", False)
TOEGANG_OIDC_MFA_AMR = env_list("TOEGANG_OIDC_MFA_AMR", "mfa")
TOEGANG_OIDC_MFA_ACR = env_list("TOEGANG_OIDC_MFA_ACR", "")
# Logging out of Toegang also ends the session at the IdP (RP-initiated logout), so the next person at a shared desk
# cannot log in as the previous one with one click.
TOEGANG_OIDC_LOGOUT_AT_IDP = env_bool("TOEGANG_OIDC_LOGOUT_AT_IDP", True)
OIDC_RP_CLIENT_ID = os.environ.get("TOEGANG_OIDC_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = os.environ.get("TOEGANG_OIDC_CLIENT_SECRET", "")
OIDC_RP_SCOPES = os.environ.get("TOEGANG_OIDC_SCOPES", "openid profile email")
OIDC_RP_SIGN_ALGO = "RS256"  # the ID token's signature, checked against the IdP's published keys (JWKS)
OIDC_USE_NONCE = True
OIDC_USE_PKCE = True  # authorization code flow with PKCE (RFC 7636), S256
OIDC_TIMEOUT = int(os.environ.get("TOEGANG_OIDC_TIMEOUT", 10))
OIDC_AUTHENTICATION_CALLBACK_URL = "accounts:oidc-callback"
OIDC_REDIRECT_FIELD_NAME = "next"
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

# A session ends 30 minutes after the last request and 8 hours after logging in (accounts.sessions.SessionTimeouts;
# BIO 9.4.2, OWASP ASVS V3.3.2); the cookie itself lasts as long as the absolute limit.
SESSION_ABSOLUTE_SECONDS = int(os.environ.get("TOEGANG_SESSION_SECONDS", 8 * 3600))
SESSION_IDLE_SECONDS = int(os.environ.get("TOEGANG_IDLE_SECONDS", 30 * 60))
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_SECONDS

# Break-the-glass (docs/security.md "Break-the-glass (noodtoegang)"): how long an emergency access to a household
# outside one's scope lasts, in minutes. Never longer than persons.models.EMERGENCY_ACCESS_MAX_MINUTES (8 hours),
# whatever this says.
EMERGENCY_ACCESS_MINUTES = int(os.environ.get("TOEGANG_EMERGENCY_ACCESS_MINUTES", 4 * 60))

# --- Security headers and cookies (issue 13, item 5): docs/security.md names each and why ---
# Pages show personal data and special categories of it (health, youth care): BIO 14.1.2 (application services on
# public networks) and 18.1.4 (privacy of personal data); OWASP ASVS 4.0 V14.4 (HTTP security headers) and V3.4
# (cookie-based session management). HTTPS-only settings (HSTS, secure cookies, redirect) are in production.py.
# The session and CSRF cookies: never readable by a script (no page script needs them; htmx sends the CSRF token from
# the page, ui/base.html) and not sent along with requests from other sites' forms.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"  # ASVS V14.4.7; frame-ancestors 'none' below says the same to current browsers
SECURE_CONTENT_TYPE_NOSNIFF = True  # X-Content-Type-Options: nosniff, ASVS V14.4.4
SECURE_REFERRER_POLICY = "same-origin"  # no address with a case or resident id leaves for another site, ASVS V14.4.6
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Content-Security-Policy (django-csp), ASVS V14.4.3: only the application's own scripts, styles, fonts and images
# (data: for the icons inside the NL Design System and Swagger UI stylesheets), no inline script or style, no
# plug-ins, no framing, forms post only here. The API docs page keeps it: drf-spectacular's split view serves its
# start script as a file (api/urls.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        # logging out may continue at the IdP (TOEGANG_OIDC_LOGOUT_AT_IDP): a form's redirect there must be allowed
        "form-action": ["'self'", *([TOEGANG_OIDC_ISSUER] if TOEGANG_OIDC_ISSUER else [])],
    },
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # An Authorization header decides when present (a revoked key never falls back on a browser session).
        "toegang.api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "toegang.api.pagination.Paginering",
    "PAGE_SIZE": 25,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "toegang.api.errors.problem_exception_handler",
    "DEFAULT_PARSER_CLASSES": ["toegang.api.parsers.SafeJSONParser"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_METADATA_CLASS": None,  # OPTIONS is not part of the API (openapi.yaml): 405 like any other method
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
    # Enums whose field name (`soort`) another resource also uses with other values: a stable name of their own
    # instead of a generated `Soort301Enum`; the contact moment keeps the name it had before (issue 12).
    "ENUM_NAME_OVERRIDES": {
        "SoortEnum": "toegang.cases.models.CONTACT_KINDS",
        "RaadplegingSoortEnum": "toegang.provisions.models.Raadpleging.Kind",
        "RaadplegingStrekkingEnum": "toegang.provisions.models.Raadpleging.Outcome",
        "ApiSleutelStatusEnum": "toegang.accounts.models.API_TOKEN_STATES",
    },
    # The API's conventions in the document: info text, problem responses, API-Version and Location headers.
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "toegang.api.conventions.postprocess"],
}

TOEGANG_PROFILE_DIR = Path(os.environ.get("TOEGANG_PROFILE_DIR", REPO_DIR / "profiles"))
# Case documents: the size limit. The type is checked by parsing the content (cases/documents.py, docs/operations.md).
TOEGANG_DOCUMENT_MAX_BYTES = int(os.environ.get("TOEGANG_DOCUMENT_MAX_BYTES", 10 * 1024 * 1024))
# iJw/iWmo messages (issue 14, docs/messaging.md): the mailbox folders of the hub (GGK) and the size limit of one
# received message (a large JW323 with a year of declarations is well under 1 MB).
TOEGANG_BERICHTEN_IN = Path(os.environ.get("TOEGANG_BERICHTEN_IN", REPO_DIR / "var" / "berichten" / "in"))
TOEGANG_BERICHTEN_UIT = Path(os.environ.get("TOEGANG_BERICHTEN_UIT", REPO_DIR / "var" / "berichten" / "uit"))
TOEGANG_BERICHT_MAX_BYTES = int(os.environ.get("TOEGANG_BERICHT_MAX_BYTES", 2 * 1024 * 1024))
# Upper bound on rows in one list page (UI and API).
TOEGANG_PAGE_SIZE = int(os.environ.get("TOEGANG_PAGE_SIZE", 25))

# --- Plausible dates (issue 9): owned by toegang.core.dates ---
# The day this installation went live (ISO date). No received date or domain event lies before it minus the
# profile's margin (`datums.marge_voor_ingebruikname_maanden`, for files migrated from an earlier system). The safe
# default is 1 January 2015, when the Jeugdwet and the Wmo 2015 took effect; set the real go-live in production.
TOEGANG_GO_LIVE = os.environ.get("TOEGANG_GO_LIVE", "2015-01-01")

# --- Audit trail (issue 9): owned by toegang.audit ---
# Checkpoints of the chain heads are written here; the operator ships the directory to write-once storage.
AUDIT_CHECKPOINT_DIR = Path(os.environ.get("TOEGANG_AUDIT_CHECKPOINT_DIR", VAR_DIR / "audit-checkpoints"))
# The audit key (HMAC) lives outside the database: TOEGANG_AUDIT_KEY (32+ characters) or a key file. Without either,
# development generates a random key file; production refuses to start (settings/production.py). docs/audit.md.
AUDIT_KEY = os.environ.get("TOEGANG_AUDIT_KEY", "")
AUDIT_KEY_FILE = Path(os.environ.get("TOEGANG_AUDIT_KEY_FILE", VAR_DIR / "audit.key"))
AUDIT_KEY_GENERATE = True
# Sealing: a process tries (never waits) to seal pending rows after every N of its own appends (0 = only through
# `toegang audit seal|checkpoint|verify`); an id left unused this long (a rolled-back insert) stops being waited for.
AUDIT_SEAL_EVERY = int(os.environ.get("TOEGANG_AUDIT_SEAL_EVERY", 500))
AUDIT_SEAL_GRACE_SECONDS = int(os.environ.get("TOEGANG_AUDIT_SEAL_GRACE_SECONDS", 3600))
# PostgreSQL: a busy process takes access-log numbers from the sequence in blocks of up to this many (1 = one round
# trip per read); a block not used up within AUDIT_SEQ_BLOCK_SECONDS is dropped, its numbers become holes.
AUDIT_SEQ_BLOCK = int(os.environ.get("TOEGANG_AUDIT_SEQ_BLOCK", 32))
AUDIT_SEQ_BLOCK_SECONDS = float(os.environ.get("TOEGANG_AUDIT_SEQ_BLOCK_SECONDS", 2))
# PostgreSQL: an access-log row written on its own commits without waiting for the WAL flush (synchronous_commit off
# for that insert only): a crash of the database server can lose the last fraction of a second of reads, never a
# change. "0" makes every read durable before its page is sent, at ~40% of the throughput. docs/audit.md.
AUDIT_ACCESS_ASYNC_COMMIT = env_bool("TOEGANG_AUDIT_ACCESS_ASYNC_COMMIT", True)

# --- Request limits (issue 9): owned by toegang.api / toegang.core ---
# A JSON or form body over this answers 413 (problem+json on the API); document uploads (multipart) may carry
# TOEGANG_DOCUMENT_MAX_BYTES plus this much for the form around the file. See docs/bad-input.md.
TOEGANG_MAX_BODY_BYTES = int(os.environ.get("TOEGANG_MAX_BODY_BYTES", 2 * 1024 * 1024))
DATA_UPLOAD_MAX_MEMORY_SIZE = TOEGANG_MAX_BODY_BYTES
# JSON bodies: deeper nesting is refused (400) before Python's recursion limit is near; no API shape needs more than 3.
TOEGANG_JSON_MAX_DEPTH = int(os.environ.get("TOEGANG_JSON_MAX_DEPTH", 16))
# The longest free text anywhere (a report, a reason); shorter fields have their own column's max_length.
TOEGANG_MAX_TEXT_CHARS = int(os.environ.get("TOEGANG_MAX_TEXT_CHARS", 10_000))

# --- Notifications by e-mail (issue 12, point 8): owned by toegang.tasks ---
# The kinds of tasks.models.MAILED_KINDS also go by e-mail, after the transaction commits. The demo and development
# print each e-mail on the console; production sends through SMTP (settings/production.py). docs/operations.md.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", 25))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
# Seconds: a mail server that hangs delays the page that notified by at most this, and then is logged.
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", 10))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Toegang <toegang@localhost>")
# The address staff open Toegang at: links in e-mail are absolute (the page's path after this).
TOEGANG_BASE_URL = os.environ.get("TOEGANG_BASE_URL", "http://localhost:8000")
# --- Background jobs (issue 16; docs/operations.md "Achtergrondtaken"): toegang.jobs, the Celery app core/celery.py ---
# With TOEGANG_REDIS_URL (e.g. redis://127.0.0.1:6379/0) jobs go through Redis to `celery -A toegang worker`, and
# `celery -A toegang beat` starts the scheduled ones (jobs/schedule.yaml). Without it (`make run`, the test suite)
# there is no broker: a job runs in a thread of the web process, or at once inside the request with
# TOEGANG_JOBS_EAGER=1 (the test suite does); the schedule then does not run (cron the commands, as before).
TOEGANG_REDIS_URL = os.environ.get("TOEGANG_REDIS_URL", "")
TOEGANG_JOBS_EAGER = os.environ.get("TOEGANG_JOBS_EAGER", "0") == "1"
TOEGANG_JOBS_QUEUE = os.environ.get("TOEGANG_JOBS_QUEUE", "toegang")
# A job that fails is tried again, at most this many attempts in all, waiting BACKOFF seconds, then twice that, and
# so on; after the last it stays `mislukt` with its arguments, for functional administration to run again.
TOEGANG_JOBS_MAX_ATTEMPTS = int(os.environ.get("TOEGANG_JOBS_MAX_ATTEMPTS", 3))
TOEGANG_JOBS_BACKOFF_SECONDS = int(os.environ.get("TOEGANG_JOBS_BACKOFF_SECONDS", 60))
CELERY_BROKER_URL = TOEGANG_REDIS_URL or "memory://"
CELERY_TASK_DEFAULT_QUEUE = TOEGANG_JOBS_QUEUE
CELERY_TASK_IGNORE_RESULT = True  # the outcome is the job row (jobs.Job), not a result backend
CELERY_TASK_ACKS_LATE = True  # a job whose worker dies halfway is delivered again, never lost
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = "Europe/Amsterdam"
CELERY_BEAT_SCHEDULE = beat_schedule()
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")  # when each entry last ran (beat's own file)

# --- API keys (issue 13, item 4): owned by toegang.accounts (the keys) and toegang.api (authentication) ---
# A new API key is valid this many days unless its maker chooses a shorter or longer term, never longer than the
# maximum (a key that never expires outlives the integration it was made for). docs/api.md, "API-sleutels".
TOEGANG_API_TOKEN_DAYS = int(os.environ.get("TOEGANG_API_TOKEN_DAYS", 90))
TOEGANG_API_TOKEN_MAX_DAYS = int(os.environ.get("TOEGANG_API_TOKEN_MAX_DAYS", 365))
# A key's "last used" is written at most once per this many seconds, not on every request.
TOEGANG_API_TOKEN_USE_INTERVAL = int(os.environ.get("TOEGANG_API_TOKEN_USE_INTERVAL", 60))

# --- Several web servers (issue 16; docs/operations.md "Productie") ---
# Sessions live in the database, so any server continues a session another one started; accounts.actions ends a
# deactivated member's sessions there. With TOEGANG_REDIS_URL a request reads its session from that one shared
# cache first (Django's cached_db: one query fewer on every request, issue 16); the cache is then needed for every
# page, like the database (/readyz asks both). Without it, the table alone: a cache per process would keep a session
# that another server ended. Login lockouts (django-axes' database handler), audit numbers and sealing, and the
# writers' locks (core/locks.py) are in PostgreSQL as well.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
if TOEGANG_REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": TOEGANG_REDIS_URL,
                          "KEY_PREFIX": "toegang", "TIMEOUT": 300}}
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Backups (issue 9) ---
# `toegang backup` writes its archives here by default; `toegang restore` unpacks into a scratch directory here.
BACKUP_DIR = Path(os.environ.get("TOEGANG_BACKUP_DIR", VAR_DIR / "backups"))

# --- Logs, metrics and health (issue 16 item 2): owned by toegang.core (logs, metrics) and toegang.monitoring ---
# docs/operations.md "Logs, metrics en gezondheid". Log lines go to stdout, one JSON object per line with the request's
# id and the actor's id (toegang.core.logs); TOEGANG_LOG_FORMAT=text gives a developer the same lines readable. Every
# request closes with one line of logger toegang.request at INFO (TOEGANG_REQUEST_LOG_LEVEL=WARNING silences them);
# the rest logs from TOEGANG_LOG_LEVEL up. Django's own loggers pass through the same formatter: runserver's request
# lines (django.server, they show the query string) only from WARNING up, and then without the query string.
TOEGANG_LOG_FORMAT = os.environ.get("TOEGANG_LOG_FORMAT", "json")
TOEGANG_LOG_LEVEL = os.environ.get("TOEGANG_LOG_LEVEL", "WARNING")
# stdout for the web process (the platform collects it); "stderr" keeps a command's own output on stdout apart
TOEGANG_LOG_STREAM = "ext://sys.stderr" if os.environ.get("TOEGANG_LOG_STREAM") == "stderr" else "ext://sys.stdout"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "toegang.core.logs.JsonFormatter"}, "text": {"()": "toegang.core.logs.TextFormatter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "stream": TOEGANG_LOG_STREAM,
                             "formatter": "text" if TOEGANG_LOG_FORMAT == "text" else "json"}},
    "root": {"handlers": ["console"], "level": TOEGANG_LOG_LEVEL},
    "loggers": {
        # no handlers of their own (Django's defaults print plain text to stderr): everything goes through the root's
        "django": {"handlers": [], "level": TOEGANG_LOG_LEVEL, "propagate": True},
        "django.server": {"handlers": [], "level": "WARNING", "propagate": True},
        "toegang.request": {"level": os.environ.get("TOEGANG_REQUEST_LOG_LEVEL", "INFO")},
    },
}
# /metrics (Prometheus text format) answers only a request with `Authorization: Bearer <this>`; empty (the default):
# /metrics does not exist (404). Production refuses a token under 32 characters.
TOEGANG_METRICS_TOKEN = os.environ.get("TOEGANG_METRICS_TOKEN", "")
# Redis (TOEGANG_REDIS_URL above), the job queue (Celery's broker): /readyz pings it and /metrics reports the length
# of each queue's list in TOEGANG_JOB_QUEUES (by default the jobs' own queue, TOEGANG_JOBS_QUEUE). Without Redis neither
# checks it.
TOEGANG_JOB_QUEUES = env_list("TOEGANG_JOB_QUEUES", TOEGANG_JOBS_QUEUE)
