"""``laos-tip check --json``: the document of a check report."""

from __future__ import annotations

from laos_tip.core.problems import SOURCE_CONFLICT
from laos_tip.views.envelope import file_envelope
from laos_tip.views.rows import claim_json
from laos_tip.views.text import contradiction_note

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing (benchmarks/README.md)
if TYPE_CHECKING:
    from typing import Any

    from laos_tip.factfile.report import Report


def check_document(report: Report) -> dict[str, Any]:
    """The JSON document of ``laos-tip check``: validity, entry counts, every problem, and conflicts between sources."""
    return file_envelope(
        "check", report.path, report.sha256,
        valid=report.valid,
        counts=report.counts if report.valid else None,
        problems=[problem.as_dict() for problem in report.problems],
        findings=[
            {
                "code": SOURCE_CONFLICT,
                "key": headline.metric.id,
                "period": headline.period,
                # A figure kept apart covers part of the year (or an inferred one): the span, else null.
                "period_from": headline.figure.period_from.isoformat() if headline.figure.period_from else None,
                "period_to": headline.figure.period_to.isoformat() if headline.figure.period_to else None,
                "period_label": headline.figure.period_label,
                "value": headline.value,
                "independent_source_count": headline.independent_source_count,
                "claims": [claim_json(f) for f in headline.backing],
                "contradicted_by": [claim_json(f) for f in headline.contradicting],
                "message": contradiction_note(headline),
            }
            for headline in report.conflicts
        ],
    )
