"""sha256_hex gives hashlib's digest on either side of the size where it changes hashing module."""

from __future__ import annotations

import hashlib

import pytest

from laos_tip.core.digest import SMALL_BYTES, sha256_hex


@pytest.mark.parametrize("size", [0, 1, 4096, SMALL_BYTES, SMALL_BYTES + 1, 3 * SMALL_BYTES])
def test_the_digest_is_hashlibs_at_every_size(size: int) -> None:
    data = bytes((index * 7 + size) % 256 for index in range(size))
    assert sha256_hex(data) == hashlib.sha256(data).hexdigest()
