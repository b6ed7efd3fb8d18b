"""The format of an API key (API-sleutel) and how it is stored: `tg_<kenmerk>_<geheim>`, e.g.
`tg_1a2b3c4d_Xo0…` (8 hexadecimal characters of public prefix, then 43 characters of secret). Pure functions: no
database, no settings.

Stored is the SHA-256 of the whole key, never the key. A fast unsalted hash is enough here, unlike for passwords:
the secret is 256 random bits (`secrets.token_urlsafe(32)`), so nobody can guess keys against a stolen digest, and
a salt or a slow hash protects only low-entropy secrets (NIST SP 800-63B §5.1.1.2 asks a salted, slow hash for
*memorized* secrets; GitHub stores its token digests the same way: "Behind GitHub's new authentication token
formats", 2021). Not an HMAC with SECRET_KEY: rotating the Django key would then lock out every integration.

The prefix is public: lists show it, so a person recognises a key they hold, and the server finds the one row to
compare with (`hmac.compare_digest`, constant time) without comparing against every key.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets

SCHEME = "tg"
PREFIX_BYTES = 4  # 8 hexadecimal characters; unique in the table (a collision is drawn again)
SECRET_BYTES = 32  # 256 bits: token_urlsafe gives 43 characters
PATTERN = re.compile(r"^tg_(?P<prefix>[0-9a-f]{8})_(?P<secret>[A-Za-z0-9_-]{43})$")
# Compared with when the prefix is unknown, so an unknown key takes as long to refuse as a wrong one.
_NO_DIGEST = hashlib.sha256(b"no such key").hexdigest()


def new_prefix() -> str:
    return secrets.token_hex(PREFIX_BYTES)


def new_key(prefix: str) -> str:
    """A fresh key with this prefix; shown once, never stored."""
    return f"{SCHEME}_{prefix}_{secrets.token_urlsafe(SECRET_BYTES)}"


def digest(key: str) -> str:
    """What is stored: the SHA-256 of the whole key, hexadecimal."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def prefix_of(key: str) -> str | None:
    """The prefix of a well-formed key, None for anything else (no database query for garbage)."""
    match = PATTERN.match(key)
    return match["prefix"] if match else None


def matches(key: str, stored_digest: str | None) -> bool:
    """Does `key` belong to this stored digest? Constant time; None (no such prefix) compares with a dummy."""
    return hmac.compare_digest(digest(key), stored_digest or _NO_DIGEST) and stored_digest is not None
