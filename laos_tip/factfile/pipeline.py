"""The one way a fact file is loaded: read, decode, parse, validate; for the command line, ``check`` and the API.

``load`` stops at the first problem (raising FactFileError with all it found); ``report.check_file``
runs the same steps and keeps the problems instead.
"""

from __future__ import annotations

import hashlib
import os

from laos_tip.factfile.location import facts_name, facts_path
from laos_tip.factfile.reader import decode, parse, read_bytes
from laos_tip.factfile.validate import validate

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing (benchmarks/README.md)
if TYPE_CHECKING:
    from laos_tip.core.model import FactBase


def read(path: str, name: str | None = None) -> tuple[bytes, str]:
    """The bytes of the fact file at ``path`` and their SHA-256; ``name`` is how messages call the file."""
    data = read_bytes(path, name)
    return data, hashlib.sha256(data).hexdigest()


def load(path: str, name: str | None = None) -> FactBase:
    """Read, parse and validate the fact file at ``path``; ``name`` (default: ``path``) is how it is shown.

    ``report.check_file`` runs the very same steps, keeping the problems instead of raising.
    """
    shown = path if name is None else name
    data, sha256 = read(path, shown)
    return validate(parse(decode(data, shown), shown), shown, sha256)



def load_chosen(option: str | os.PathLike[str] | None) -> FactBase:
    """Load and validate the fact file that --facts (or LAOS_TIP_FACTS) names, else the shipped one."""
    return load(facts_path(option), facts_name(option))
