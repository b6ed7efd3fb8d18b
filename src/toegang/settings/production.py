"""Production settings: refuse to start with the development secret key or DEBUG on."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import DATABASE_URL, DEVELOPMENT_SECRET_KEY, database_from_url, env_bool

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", DEVELOPMENT_SECRET_KEY)
if SECRET_KEY == DEVELOPMENT_SECRET_KEY or len(SECRET_KEY) < 32:
    raise ImproperlyConfigured("SECRET_KEY ontbreekt of is de ontwikkelsleutel: zet een geheime sleutel van 32+ tekens.")
if DEBUG:
    raise ImproperlyConfigured("DEBUG staat aan: dat mag niet in productie.")
AUDIT_KEY_GENERATE = False
_audit_key = os.environ.get("TOEGANG_AUDIT_KEY", "").strip()
if (_audit_key and len(_audit_key) < 32) or (not _audit_key and not AUDIT_KEY_FILE.is_file()):  # noqa: F405
    raise ImproperlyConfigured("TOEGANG_AUDIT_KEY ontbreekt: zet een geheime auditsleutel van 32+ tekens (of een "
                               "sleutelbestand in TOEGANG_AUDIT_KEY_FILE), buiten de database. Zie docs/audit.md.")
if not os.environ.get("DATABASE_URL"):
    raise ImproperlyConfigured("DATABASE_URL ontbreekt: productie draait op PostgreSQL.")
# Persistent connections (base.py, docs/operations.md "Productie"): a web thread keeps its connection a minute.
DATABASES = {"default": database_from_url(DATABASE_URL, conn_max_age=int(os.environ.get("TOEGANG_DB_CONN_MAX_AGE", 60)))}
# Logging in through the municipality's identity provider (docs/security.md): the code, the tokens and the IdP's keys
# travel only over HTTPS (OpenID Connect Core 1.0 §16.17); without local passwords there must be an IdP.
if TOEGANG_OIDC_ISSUER and not TOEGANG_OIDC_ISSUER.startswith("https://"):  # noqa: F405
    raise ImproperlyConfigured("TOEGANG_OIDC_ISSUER moet met https:// beginnen.")
if not TOEGANG_LOCAL_LOGIN and not (TOEGANG_OIDC_ISSUER and OIDC_RP_CLIENT_ID):  # noqa: F405
    raise ImproperlyConfigured("TOEGANG_LOCAL_LOGIN=0 zonder identiteitsprovider: niemand kan dan inloggen. Zet "
                               "TOEGANG_OIDC_ISSUER en TOEGANG_OIDC_CLIENT_ID, of laat de wachtwoorden aan.")
# /metrics (docs/operations.md "Logs, metrics en gezondheid"): a guessable token opens the metrics to anyone.
if TOEGANG_METRICS_TOKEN and len(TOEGANG_METRICS_TOKEN) < 32:  # noqa: F405
    raise ImproperlyConfigured("TOEGANG_METRICS_TOKEN is te kort: gebruik een geheim van 32+ tekens.")

STATIC_ROOT = os.environ.get("TOEGANG_STATIC_ROOT", str(VAR_DIR / "static"))  # noqa: F405
WHITENOISE_USE_FINDERS = False
# --- HTTPS only (issue 13, item 5; docs/security.md): BIO 14.1.2 and 14.1.3, OWASP ASVS V9.1.1 and V14.4.5 ---
# The cookies travel only over HTTPS; HttpOnly and SameSite are set in base.py for every environment.
SESSION_COOKIE_SECURE = True
# Two factors for everyone who sees personal data (accounts/permissions.requires_second_factor); "optioneel" only
# where the municipality's identity provider asks for the second factor itself.
TOEGANG_TWO_FACTOR = os.environ.get("TOEGANG_TWO_FACTOR", "verplicht")
CSRF_COOKIE_SECURE = True
# HSTS: a browser that once reached Toegang never again tries plain HTTP to it or to its subdomains, for a year.
SECURE_HSTS_SECONDS = int(os.environ.get("TOEGANG_HSTS_SECONDS", 31536000))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("TOEGANG_HSTS_INCLUDE_SUBDOMAINS", True)
# `preload` asks browsers to ship the rule built in; only the owner of the registrable domain (gemeente.nl, not
# toegang.gemeente.nl) can submit it to the preload list, and it binds every subdomain of it. So it is the
# municipality's decision, off by default; TOEGANG_HSTS_PRELOAD=1 adds it.
SECURE_HSTS_PRELOAD = env_bool("TOEGANG_HSTS_PRELOAD", False)
if not SECURE_HSTS_PRELOAD:
    # check --deploy's reminder that preload is off (security.W021) is silenced only while preload is the
    # operator's choice not to, for the reason above. Nothing else is silenced (tests/test_security_headers.py).
    SILENCED_SYSTEM_CHECKS = [*SILENCED_SYSTEM_CHECKS, "security.W021"]  # noqa: F405 (base.py: axes.W006)
# Plain HTTP is redirected to HTTPS, except the health checks: a load balancer (or the kubelet) probes them on the
# internal network. /metrics is not exempt: its bearer token travels only over HTTPS.
# The proxy in front terminates TLS and says so in X-Forwarded-Proto (it must overwrite a client's own header).
SECURE_SSL_REDIRECT = env_bool("TOEGANG_SSL_REDIRECT", True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# E-mail of notifications goes through the SMTP server of EMAIL_HOST (base.py); EMAIL_BACKEND may name another.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
