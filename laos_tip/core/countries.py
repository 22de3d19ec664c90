"""ISO 3166-1: the standard's list of countries, as pycountry keeps it, and a country's check against it.

``problems`` says what is wrong with a name, an alpha-2 and an alpha-3 code given together: a code
that is not in the standard, codes that name two different countries, or a name that is the
standard's name of another country. A name the standard does not spell (``Vietnam`` for Viet Nam)
is no problem when its codes agree: fact files use the names their sources use.

Start-up: importing pycountry costs a fifth of a second (it reads its package metadata); the
list it keeps is one JSON file in its package, read here directly (a few milliseconds), with
pycountry's own API as the fallback where that file is not where this version keeps it.
"""

from __future__ import annotations

import functools

from laos_tip.core.comparing import same
from laos_tip.core.frozen import record


@record
class StandardCountry:
    """One country of ISO 3166-1."""

    alpha2: str
    alpha3: str
    names: tuple[str, ...]  # the standard's name, then its common and official names where given

    @property
    def name(self) -> str:
        return self.names[0]


@functools.cache
def standard() -> tuple[StandardCountry, ...]:
    """Every country of ISO 3166-1, from pycountry's database."""
    entries = _database()
    return tuple(
        StandardCountry(entry["alpha_2"], entry["alpha_3"],
                        tuple(entry[key] for key in ("name", "common_name", "official_name") if entry.get(key)))
        for entry in entries
    )


def _database() -> list[dict[str, str]]:
    import json
    import os
    import sys

    # Where pycountry is installed, found without importing it (nor importlib.util: 15 ms of start-up).
    for folder in sys.path:
        try:
            with open(os.path.join(folder or ".", "pycountry", "databases", "iso3166-1.json"), encoding="utf-8") as file:
                entries: list[dict[str, str]] = json.load(file)["3166-1"]
            return entries
        except (OSError, ValueError, KeyError):
            continue
    import pycountry  # the database moved: ask the library itself

    return [{"alpha_2": c.alpha_2, "alpha_3": c.alpha_3, "name": c.name,
             "common_name": getattr(c, "common_name", ""), "official_name": getattr(c, "official_name", "")}
            for c in pycountry.countries]


@functools.cache
def _indexes() -> tuple[dict[str, StandardCountry], dict[str, StandardCountry], dict[str, StandardCountry]]:
    countries = standard()
    by_name = {same(name).casefold(): country for country in countries for name in country.names}
    return {c.alpha2: c for c in countries}, {c.alpha3: c for c in countries}, by_name


def problems(name: str, alpha2: str, alpha3: str) -> list[tuple[str, str, str]]:
    """What is wrong with a country as given: (field, kind, message), kind "unknown" or "mismatch"."""
    by_alpha2, by_alpha3, by_name = _indexes()
    found: list[tuple[str, str, str]] = []
    first, third = by_alpha2.get(alpha2), by_alpha3.get(alpha3)
    if first is None:
        found.append(("alpha2", "unknown", f"{alpha2!r} is not an ISO 3166-1 alpha-2 code"))
    if third is None:
        found.append(("alpha3", "unknown", f"{alpha3!r} is not an ISO 3166-1 alpha-3 code"))
    if first is not None and third is not None and first != third:
        found.append(("alpha3", "mismatch", f"{alpha3!r} is the alpha-3 code of {third.name}, but {alpha2!r} "
                                            f"is {first.name}, whose alpha-3 code is {first.alpha3!r}"))
    named = by_name.get(same(name).casefold())
    given = first or third
    if named is not None and given is not None and named != given:
        found.append(("name", "mismatch", f"{name!r} is the name of {named.alpha2}/{named.alpha3} in ISO 3166-1, "
                                          f"not of {given.alpha2}/{given.alpha3}"))
    return found
