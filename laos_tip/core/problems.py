"""The problems a fact file can have: every code, with its meaning, and the located problem itself.

``Code`` is the one list of problem codes: the loader raises them, ``check`` reports them, and the
table in docs/check.md is generated from it (a test fails when the page is stale). A new code is a
new member here, with its one-line meaning.
"""

from __future__ import annotations

import enum

from laos_tip.core.frozen import record
from laos_tip.core.textsafe import printable


class Code(str, enum.Enum):
    """A kind of problem, as ``check --json`` writes it, with a one-line meaning for people."""

    meaning: str

    def __new__(cls, code: str, meaning: str) -> Code:
        member = str.__new__(cls, code)
        member._value_ = code
        member.meaning = meaning
        return member

    # Reading the file
    NOT_FOUND = ("not-found", "no file at the path given")
    NOT_A_FILE = ("not-a-file", "the path is a directory, a device or a pipe, not a regular file")
    UNREADABLE = ("unreadable", "the file exists but cannot be read (permissions, an I/O error)")
    TOO_LARGE = ("too-large", "the file is larger than the 8 MiB a fact file may be")
    NOT_UTF8 = ("not-utf8", "the file is not UTF-8 text")
    EMPTY = ("empty", "the file holds no YAML document")
    # The YAML itself
    YAML_SYNTAX = ("yaml-syntax", "the text is not valid YAML (with the place where reading stopped)")
    YAML_TAG = ("yaml-tag", "a YAML tag other than the standard scalar and collection tags")
    YAML_ALIAS = ("yaml-alias", "a YAML anchor or alias: fact files spell every value out")
    YAML_VALUE = ("yaml-value", "a value YAML reads in a surprising way (octal, base 60, .nan, a date where text "
                                "is expected ...), or a tagged value not written as its tag says (!!bool maybe)")
    SEVERAL_DOCUMENTS = ("several-documents", "more than one YAML document in the file")
    TOO_DEEP = ("too-deep", "nesting deeper than the loader allows")
    TOO_MANY_NODES = ("too-many-nodes", "more YAML values than the loader allows")
    DUPLICATE_KEY = ("duplicate-key", "a key given twice in one mapping")
    BAD_KEY = ("bad-key", "a mapping key that is not plain text")
    # The schema
    WRONG_TYPE = ("wrong-type", "a value of the wrong type (text for a count, a list for a mapping ...)")
    MISSING_FIELD = ("missing-field", "a required field is missing")
    UNKNOWN_FIELD = ("unknown-field", "a field the schema does not know (often a misspelling)")
    SCHEMA_VERSION = ("schema-version", "schema_version is missing or not a version laos-tip reads")
    CONTROL_CHARACTER = ("control-character", "a control or bidirectional-override character in a text")
    # References and meaning
    DUPLICATE_ID = ("duplicate-id", "two entries of one list share an id")
    RESERVED_ID = ("reserved-id", "a metric id that a ratio key or partner_nations already names")
    UNKNOWN_REFERENCE = ("unknown-reference", "a reference to a source or metric the file does not define")
    BAD_REFERENCE = ("bad-reference", "a reference that cannot hold (a metric that is a part of itself ...)")
    BAD_PERIOD = ("bad-period", "a period that does not hold together (an end before its start, a range outside "
                                "its year ...)")
    ISSUED_MISMATCH = ("issued-mismatch", "a source's issued (its date as stated) is not the year or month of its "
                                          "date")
    PERIOD_AFTER_SOURCE = ("period-after-source", "a figure's period ends after its source was published")
    QUOTE_MISMATCH = ("quote-mismatch", "the quote does not contain the figure's number, partner or placement")
    AS_WRITTEN_MISMATCH = ("as-written-mismatch", "as_written does not denote the value")
    BOUND_WITHOUT_WORD = ("bound-without-word", "a figure's bound that its as_written does not state ('at-least' "
                                                "without 'at least' ...)")
    WORD_WITHOUT_BOUND = ("word-without-bound", "an as_written with a bound word ('at least', 'about' ...) but no "
                                                "bound, or another bound")
    DUPLICATE_CLAIM = ("duplicate-claim", "one source gives two figures for the same metric and period")
    PART_EXCEEDS_WHOLE = ("part-exceeds-whole", "the parts of a figure add up to more than the whole, in one "
                                                "source or whichever sources are taken")
    UNKNOWN_COUNTRY = ("unknown-country", "an alpha-2 or alpha-3 code that is not in ISO 3166-1")
    COUNTRY_MISMATCH = ("country-mismatch", "a country's alpha-2 code, alpha-3 code and name that do not name one "
                                            "country of ISO 3166-1")


#: The code of a finding of ``check``: sources that disagree, which is information, not a problem of the file.
SOURCE_CONFLICT = "source-conflict"


@record
class Problem:
    """One thing wrong with a fact file, located as precisely as the YAML allows."""

    code: Code
    message: str
    path: str = ""
    line: int | None = None
    column: int | None = None

    def describe(self, file: str) -> str:
        """One line for people: ``file:line:column: path: message``, control characters escaped."""
        where = file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        field = f"{self.path}: " if self.path else ""
        return printable(f"{where}: {field}{self.message}")

    def as_dict(self) -> dict[str, object]:
        """The problem as a JSON-ready mapping."""
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "code": self.code.value,
            "message": self.message,
        }
