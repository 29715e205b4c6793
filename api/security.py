"""Secrets of the service: API tokens, calendar feed tokens, passwords, and the sign-in throttle.

A token carries 256 random bits, so a fast hash is the right tool for it (nothing to brute-force,
unlike a password); lookups stay one indexed equality. Passwords are people's choices, so they
are stored as Argon2id hashes through pwdlib (salted, memory-hard, parameters in the hash).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time
from collections import deque

from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher

TOKEN_PREFIX = "vb_"
FEED_PREFIX = "vbcal_"
MIN_PASSWORD_LENGTH = 8
MAX_PASSWORD_LENGTH = 1024  # Argon2 takes any length; this only bounds the work per attempt

PASSWORDS = PasswordHash((Argon2Hasher(),))
# Verified against when the account does not exist or has no password, so that a failure costs
# the same time whether or not the e-mail is known (no user enumeration by timing).
_DUMMY_HASH = PASSWORDS.hash(secrets.token_urlsafe(16))


def new_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def new_feed_token() -> str:
    return FEED_PREFIX + secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def same(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode("utf-8"), b.encode("utf-8"))


def hash_password(password: str) -> str:
    return PASSWORDS.hash(password)


def verify_password(password: str, password_hash: str | None) -> bool:
    """True if the password matches; a missing hash still costs one Argon2 verification."""
    if len(password) > MAX_PASSWORD_LENGTH:
        password = password[:MAX_PASSWORD_LENGTH]
    if not password_hash:
        PASSWORDS.verify(password, _DUMMY_HASH)
        return False
    try:
        return PASSWORDS.verify(password, password_hash)
    except Exception:  # an unreadable stored hash is a failed sign-in, never a 500
        return False


def password_problem(password: str) -> str | None:
    """Why a new password is refused (a message key of api/i18n.PASSWORD_RULES), or None."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return "too_short"
    if len(password) > MAX_PASSWORD_LENGTH:
        return "too_long"
    return None


class LoginThrottle:
    """Failed sign-ins counted per key (``account:<e-mail>``, ``ip:<address>``) in a sliding
    window; a key with ``limit`` failures inside ``window_s`` is refused until the oldest ages
    out (the limit is the caller's, per kind of key). In memory, per process: the service runs
    as one process (``vanban serve``), and a restart forgetting the counts is acceptable for a
    throttle (it is not a lockout record)."""

    def __init__(self, *, window_s: float) -> None:
        self.window_s = window_s
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: str, now: float) -> deque[float]:
        times = self._failures.setdefault(key, deque())
        while times and now - times[0] >= self.window_s:
            times.popleft()
        return times

    def blocked(self, key: str, limit: int) -> bool:
        with self._lock:
            return len(self._recent(key, time.monotonic())) >= limit

    def fail(self, key: str) -> None:
        with self._lock:
            now = time.monotonic()
            self._recent(key, now).append(now)
            if len(self._failures) > 100_000:  # bound memory under a flood of distinct keys
                self._failures = {k: v for k, v in self._failures.items() if v}

    def forget(self, key: str) -> None:
        with self._lock:
            self._failures.pop(key, None)
