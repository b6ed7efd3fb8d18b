"""The audit key: a secret outside the database that makes every row, seal and checkpoint tamper-evident.

Someone with SQL access can rewrite rows and recompute any keyless hash; without this key they cannot make a
MAC that verifies (HMAC-SHA256, RFC 2104). The key comes from TOEGANG_AUDIT_KEY or the key file
settings.AUDIT_KEY_FILE; in development a random key file is generated there when none exists. Production
settings refuse to start without a configured key (settings/production.py). See docs/audit.md.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

MIN_KEY_CHARS = 32


def _generate_key_file(path: Path) -> None:
    """Write a random development key atomically: concurrent processes all end up with the same file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(secrets.token_hex(32) + "\n")
    try:
        os.link(tmp, path)  # fails if another process was first; then its key is the key
    except FileExistsError:
        pass
    finally:
        tmp.unlink(missing_ok=True)


@cache
def _key_for(env_key: str, key_file: str, generate: bool) -> bytes:
    if env_key:
        key = env_key.strip()
    else:
        path = Path(key_file)
        if not path.is_file():
            if not generate:
                raise ImproperlyConfigured(
                    f"Auditsleutel ontbreekt: zet TOEGANG_AUDIT_KEY of leg een sleutelbestand neer in {path}.")
            _generate_key_file(path)
        key = path.read_text().strip()
    if len(key) < MIN_KEY_CHARS:
        raise ImproperlyConfigured(f"De auditsleutel is te kort: gebruik minstens {MIN_KEY_CHARS} tekens.")
    return key.encode()


def audit_key() -> bytes:
    return _key_for(settings.AUDIT_KEY, str(settings.AUDIT_KEY_FILE), settings.AUDIT_KEY_GENERATE)


def key_id() -> str:
    """A short public fingerprint of the key, so a checkpoint says which key signed it (never the key itself)."""
    return hashlib.sha256(b"toegang-audit-key-id:" + audit_key()).hexdigest()[:16]


def canonical(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str).encode()


def mac(value: Any) -> str:
    """HMAC-SHA256 of the canonical JSON of `value` under the audit key."""
    return hmac.new(audit_key(), canonical(value), hashlib.sha256).hexdigest()


def mac_matches(value: Any, expected: str) -> bool:
    return hmac.compare_digest(mac(value), expected or "")
