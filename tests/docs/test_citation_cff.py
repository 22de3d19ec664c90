"""CITATION.cff is valid CFF 1.2.0 and says what 'laos-tip cite' says: one title, author, version and licence."""

from __future__ import annotations

import json
import re

import jsonschema
import yaml

from conftest import FACTS, ROOT, run_main
from laos_tip import __version__
from laos_tip.core.citations import DATA_AUTHOR, DATA_TITLE

#: The CFF 1.2.0 schema of the citation-file-format repository (CC BY 4.0; tests/data/cff/README.md).
SCHEMA = ROOT / "tests" / "data" / "cff" / "schema-1.2.0.json"


def citation() -> dict[str, object]:
    data = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_citation_cff_is_valid_cff_1_2() -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.Draft7Validator(schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(citation())]
    assert errors == []
    assert {"cff-version", "message", "title", "authors"} <= set(citation())  # what CFF 1.2.0 requires


def test_a_broken_citation_cff_fails_the_schema() -> None:
    """The schema check can fail: without authors, or with a version of another type, it does."""
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    broken = {k: v for k, v in citation().items() if k != "authors"}
    assert not jsonschema.Draft7Validator(schema).is_valid(broken)
    assert not jsonschema.Draft7Validator(schema).is_valid({**citation(), "date-released": "30 January 2025"})


def test_citation_cff_agrees_with_the_package_and_the_cite_command() -> None:
    data = citation()
    license = re.search(r'^license = "([^"]+)"$', (ROOT / "pyproject.toml").read_text(encoding="utf-8"), re.M)
    assert license is not None
    assert data["version"] == __version__  # a release changes both
    from laos_tip.export.metadata import DATA_LICENSE

    assert data["license"] == [license.group(1), DATA_LICENSE["name"]]  # the code's, then the figures'

    assert data["title"] == DATA_TITLE and data["authors"] == [{"name": DATA_AUTHOR}]
    result = run_main("cite", "--facts", str(FACTS), "--format", "csl-json")
    assert result.returncode == 0, result.stderr
    [item] = json.loads(result.stdout)
    assert (item["title"], item["version"], item["author"]) == (data["title"], data["version"],
                                                               [{"literal": DATA_AUTHOR}])
