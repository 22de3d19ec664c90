"""Where the fact file is: the one ``--facts`` or ``LAOS_TIP_FACTS`` names, else the one shipped with laos-tip.

Light on purpose: the command line asks it before anything is read.
"""

from __future__ import annotations

import os

# os.path, not pathlib: pathlib imports urllib.parse, a few milliseconds of every call (see benchmarks/README.md).
_PACKAGE = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))
PACKAGED_FACTS = os.path.join(_PACKAGE, "facts.yaml")  # inside an installed wheel
CHECKOUT_FACTS = os.path.join(os.path.dirname(_PACKAGE), "facts.yaml")  # checkout or editable install
#: How output names the shipped fact file, wherever it is installed: never a local path.
SHIPPED_NAME = "laos_tip/facts.yaml"


def facts_path(option: str | os.PathLike[str] | None) -> str:
    """The fact file to read: --facts or LAOS_TIP_FACTS, else the shipped one."""
    if option is not None:
        return str(option)
    if os.path.isfile(PACKAGED_FACTS):
        return PACKAGED_FACTS
    return CHECKOUT_FACTS


def facts_name(option: str | os.PathLike[str] | None) -> str:
    """How output names the fact file: as the user gave it, or ``laos_tip/facts.yaml`` for the shipped one."""
    return str(option) if option is not None else SHIPPED_NAME
