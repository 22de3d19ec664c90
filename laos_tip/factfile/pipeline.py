"""The one way a fact file is loaded: read, decode, parse, validate; for the command line, ``check`` and the API.

``load`` stops at the first problem (raising FactFileError with all it found); ``report.check_file``
runs the same steps and keeps the problems instead. ``load_chosen``, the commands' and the API's way
in, reads the verified snapshot of the file when one matches its bytes (``snapshot.py``) and writes
one after validating it, so that PyYAML and the validator are imported only when the file changed.
"""

from __future__ import annotations

import gc
import os

from laos_tip.core.digest import sha256_hex
from laos_tip.factfile.filebytes import read_bytes
from laos_tip.factfile.location import facts_name, facts_path

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing (benchmarks/README.md)
if TYPE_CHECKING:
    from laos_tip.core.model import FactBase


def read(path: str, name: str | None = None) -> tuple[bytes, str]:
    """The bytes of the fact file at ``path`` and their SHA-256; ``name`` is how messages call the file."""
    data = read_bytes(path, name)
    return data, sha256_hex(data)


def load(path: str, name: str | None = None, *, snapshot: bool = False) -> FactBase:
    """Read, parse and validate the fact file at ``path``; ``name`` (default: ``path``) is how it is shown.

    With ``snapshot``, the FactBase comes from the file's verified snapshot when there is one, and a
    snapshot is written after validating; the result is the same either way. ``report.check_file``
    runs the very same steps as without, keeping the problems instead of raising.

    The garbage collector is paused while a snapshot is read: the records it makes hold no cycles, so
    the collector's passes over the growing heap found nothing to free and cost about as much as
    building them (benchmarks/README.md). Validation runs with it, since parsing leaves cyclic garbage
    (pausing it there made no measurable difference in time and held 20 MiB more at 50,000 figures).
    """
    shown = path if name is None else name
    data, sha256 = read(path, shown)
    if snapshot:
        from laos_tip.factfile import snapshot as snapshots

        collecting = gc.isenabled()
        gc.disable()
        try:
            kept = snapshots.fetch(sha256, shown)
        finally:
            if collecting:
                gc.enable()
        if kept is not None:
            return kept
    from laos_tip.factfile.reader import decode, parse
    from laos_tip.factfile.validate import validate

    facts = validate(parse(decode(data, shown), shown), shown, sha256)
    if snapshot:
        snapshots.store(facts)
    return facts


def load_chosen(option: str | os.PathLike[str] | None) -> FactBase:
    """Load the fact file that --facts (or LAOS_TIP_FACTS) names, else the shipped one, through its snapshot."""
    return load(facts_path(option), facts_name(option), snapshot=True)
