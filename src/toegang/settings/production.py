"""Production settings: refuse to start with the development secret key or DEBUG on."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import DEVELOPMENT_SECRET_KEY, env_bool

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

STATIC_ROOT = os.environ.get("TOEGANG_STATIC_ROOT", str(VAR_DIR / "static"))  # noqa: F405
WHITENOISE_USE_FINDERS = False
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = int(os.environ.get("TOEGANG_HSTS_SECONDS", 31536000))
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
# E-mail of notifications goes through the SMTP server of EMAIL_HOST (base.py); EMAIL_BACKEND may name another.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
