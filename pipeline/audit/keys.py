"""The optional audit key: held outside the store, it signs what an attacker must not recompute.

Every hash in the store and in an export can be recomputed by whoever can write them. With a
key that only the agency holds (a file, or an environment variable the deployment sets), the
checkpoint, the anchor and the export carry an HMAC over their heads: a store or an export
whose hashes were recomputed after an edit no longer matches it. Without a key, an anchor kept
elsewhere (a ticket, an email to the auditor) is the defence.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from pathlib import Path

from pipeline.errors import ConfigError

KEY_VARIABLE = "PIPELINE_AUDIT_KEY"
KEY_FILE_VARIABLE = "PIPELINE_AUDIT_KEY_FILE"
MINIMUM_KEY_BYTES = 16


def audit_key(key_file: str | Path | None = None) -> bytes | None:
    """The key from `key_file`, else from $PIPELINE_AUDIT_KEY_FILE or $PIPELINE_AUDIT_KEY;
    None when there is none. A key shorter than 16 bytes is a `ConfigError` (never shown)."""
    path = key_file or os.environ.get(KEY_FILE_VARIABLE)
    if path:
        try:
            key = Path(path).read_bytes().strip()
        except OSError as error:
            raise ConfigError(
                f"the audit key file {path} cannot be read: {error.strerror}"
            ) from None
        return _checked(key, f"the audit key file {path}")
    text = os.environ.get(KEY_VARIABLE)
    return _checked(text.strip().encode("utf-8"), f"${KEY_VARIABLE}") if text else None


def _checked(key: bytes, where: str) -> bytes:
    if len(key) < MINIMUM_KEY_BYTES:
        raise ConfigError(f"{where} holds fewer than {MINIMUM_KEY_BYTES} bytes: too short a key")
    return key


def sign(key: bytes, text: str) -> str:
    return hmac.new(key, text.encode("utf-8"), hashlib.sha256).hexdigest()


def signed_by(key: bytes, text: str, signature: object) -> bool:
    return isinstance(signature, str) and hmac.compare_digest(sign(key, text), signature)
