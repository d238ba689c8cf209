"""Password hashing (scrypt, per-user salt) and opaque tokens stored only as hashes."""

from __future__ import annotations

import hashlib
import hmac
import secrets

# RFC 7914's interactive parameters: 16 MiB and ~50 ms per hash.
_SCRYPT_N = 2**14
_SCRYPT_R = 8
_SCRYPT_P = 1
_SCRYPT_LEN = 32


def new_salt() -> bytes:
    return secrets.token_bytes(16)


def hash_password(password: str, salt: bytes) -> bytes:
    return hashlib.scrypt(
        password.encode("utf-8", "surrogatepass"),
        salt=salt,
        n=_SCRYPT_N,
        r=_SCRYPT_R,
        p=_SCRYPT_P,
        dklen=_SCRYPT_LEN,
    )


def verify_password(password: str, salt: bytes, expected: bytes) -> bool:
    return hmac.compare_digest(hash_password(password, salt), expected)


# Verified against when the username is unknown, so both answers take the same time.
DUMMY_SALT = b"homeagent-dummy!"
DUMMY_HASH = b"\x00" * _SCRYPT_LEN


def new_token(prefix: str) -> str:
    """An opaque bearer token; the prefix only helps a human reading a log (redacted anyway)."""
    return f"{prefix}_{secrets.token_urlsafe(32)}"


def token_hash(token: str) -> str:
    """What the database keeps: a leaked database gives no usable token."""
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()
