"""Periods as people read them: a year, a part of one, or a span over several years, never passing for one year."""

from __future__ import annotations

import datetime

_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
                "October", "November", "December")


def period_label(year: int, start: datetime.date | None, end: datetime.date | None, inferred: bool) -> str:
    """A period as people read it: whole months as 'January–May 2017', other spans day by day.

    A period over more than one calendar year says its length, never passing for one year:
    '2008–2012 (5 years)', 'May 2021 – May 2022 (13 months)', 'January 2007 – August 2022 (15 years
    8 months)', '1 January 2023 – 3 February 2026 (parts of 4 calendar years)'.
    """
    if start is None or end is None:
        return f"{year} (period inferred)" if inferred else str(year)
    whole_months = start.day == 1 and (end + datetime.timedelta(days=1)).day == 1
    if start.year != end.year:
        months = (end.year - start.year) * 12 + end.month - start.month + 1
        if whole_months and start.month == 1 and end.month == 12:
            span = f"{start.year}–{end.year} ({months // 12} years"
        elif whole_months:
            length = (f"{months} months" if months < 24 else
                      f"{months // 12} years" + (f" {months % 12} month{'s' if months % 12 > 1 else ''}"
                                                 if months % 12 else ""))
            span = (f"{_MONTH_NAMES[start.month - 1]} {start.year} – {_MONTH_NAMES[end.month - 1]} {end.year} "
                    f"({length}")
        else:
            span = (f"{start.day} {_MONTH_NAMES[start.month - 1]} {start.year} – {end.day} "
                    f"{_MONTH_NAMES[end.month - 1]} {end.year} (parts of {end.year - start.year + 1} calendar years")
        return span + (", period inferred)" if inferred else ")")
    if whole_months and start.month == end.month:
        span = f"{_MONTH_NAMES[start.month - 1]} {year}"
    elif whole_months:
        span = f"{_MONTH_NAMES[start.month - 1]}–{_MONTH_NAMES[end.month - 1]} {year}"
    else:
        span = f"{start.day} {_MONTH_NAMES[start.month - 1]} – {end.day} {_MONTH_NAMES[end.month - 1]} {year}"
    return f"{span} (partial year" + (", period inferred)" if inferred else ")")
