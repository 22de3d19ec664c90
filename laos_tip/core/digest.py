"""SHA-256 of bytes, the way that costs least for their size: the one hash laos-tip computes on every call.

``hashlib`` loads OpenSSL's ``_hashlib`` (and ``_blake2``), about 6 ms of every command on the project's
2-core machine, more than a small fact file takes to hash. CPython's own ``_sha256`` module imports in
well under a millisecond but hashes about five times slower, so it is used for data below
``SMALL_BYTES`` and OpenSSL above (benchmarks/README.md). Both give the same digest; without
``_sha256`` (``_sha2`` from Python 3.12; another implementation), ``hashlib`` is used for everything.
"""

from __future__ import annotations

#: Data up to this size is hashed by ``_sha256``: the import it saves costs more than its slower hashing.
SMALL_BYTES = 512 * 1024


def sha256_hex(data: bytes) -> str:
    """The SHA-256 of ``data``, as 64 lowercase hexadecimal digits."""
    if len(data) <= SMALL_BYTES:
        for name in ("_sha256", "_sha2"):  # CPython's own, without a stub: _sha256 up to 3.11, _sha2 from 3.12
            try:
                module = __import__(name)
            except ImportError:  # pragma: no cover - another Python version or implementation
                continue
            return str(module.sha256(data).hexdigest())
    import hashlib

    return hashlib.sha256(data).hexdigest()
