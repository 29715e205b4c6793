"""API tokens: random, shown once, stored only as their SHA-256.

A token carries 256 random bits, so a fast hash is the right tool (nothing to brute-force, unlike
a password); lookups stay one indexed equality.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

TOKEN_PREFIX = "vb_"


def new_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def same(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode("utf-8"), b.encode("utf-8"))
