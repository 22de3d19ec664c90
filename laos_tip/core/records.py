"""Every record laos-tip reads or writes, declared once: its fields, their types and meanings.

From these declarations come, without being written again:

* the fact file's field rules and its JSON Schema (``factfile/validate.py``, ``factfile/jsonschema.py``),
* the JSON objects of every command (``fields.row``), hence their CSV/TSV columns (``views/``),
* the tables of the export and their SQLite DDL (``TABLES``, ``fields.ddl``),
* the field reference ``docs/records.md`` (``laos_tip/reference.py``; a test keeps it current),
* the typed record classes of the Python API, ``laos_tip/rows.py`` (``.venv/bin/cog -r laos_tip/rows.py``;
  a test keeps them current).

``RECORDS`` lists every record once, each under a name of its own; ``SECTIONS`` the fact file's
top-level lists; ``TABLES`` the export's tables.

A field read from the fact file may carry another name there (a metric's ``id`` is its
``key`` everywhere laos-tip writes) or another shape (a metric's one ``caveat`` is written
as the list ``caveats``). Adding a field to the source record is one edit here, plus its data
(``model.Source.declared`` carries it); a field of another record also needs its attribute in
``core/model.py`` (read from the file) or its value in ``views/`` (derived).
"""

from __future__ import annotations

from laos_tip.core.fields import (
    ALPHA2,
    ALPHA3,
    BOOLEAN,
    COUNT,
    DATE,
    IDENTIFIER,
    NUMBER,
    PARTIAL_DATE,
    TEXT,
    URL,
    YEAR,
    Field,
    Record,
    Table,
    choice,
    derived,
    list_of,
    records_of,
)
from laos_tip.core.frozen import record
from laos_tip.core.model import BOUNDS, PILLARS, RELIABILITIES, TIER_PLACEMENTS

SOURCE = Record("source", "A publication that states figures, with what is needed to cite it.", (
    Field("id", IDENTIFIER, "Short name that figures use to refer to this source."),
    Field("publisher", TEXT, "Who published it, e.g. Xinhua."),
    Field("title", TEXT, "Title as published."),
    Field("dateline", TEXT, "Dateline as published, e.g. 'VIENTIANE, Jan. 30'.", required=False),
    Field("date", DATE, "Publication date; leave it out only when the source has none, and say so in date_note.",
          required=False),
    Field("date_note", TEXT, "How the date was established, or why there is none.", required=False),
    Field("issued", PARTIAL_DATE,
          "The date of publication to the precision the source states when it gives no day: a year (2009) or a "
          "year and month ('2009-06'). Citations give this, never a day: an inferred date stays in date and "
          "date_note.", required=False),
    Field("url", URL, "Where it was published."),
    Field("carried_by", list_of(URL), "Other places that carried the same text.", required=False),
    Field("republishes", IDENTIFIER,
          "Id of the source whose report this one repeats (a wire story republished, with or without "
          "edits): its claims never raise the count of independent sources of a figure.", required=False),
    Field("authority", TEXT, "The body whose figures it reports."),
    Field("author", TEXT, "The body that wrote the text, when it is not the publisher: a report read from a copy "
          "(the publisher is then the site that carries the copy). Citations name it as the author.",
          required=False),
    Field("accessed", DATE, "When the copy at url was read; citations give it as the access date.",
          required=False),
    Field("reliability", choice(RELIABILITIES),
          "How far the source is trusted; the headline comes from the best."),
    Field("note", TEXT, "Anything a reader should know about the source.", required=False),
    derived("citation", TEXT, "Plain-text citation: publisher, date, title, URL."),
))

METRIC = Record("metric", "What one kind of figure counts, and by whom.", (
    Field("key", IDENTIFIER, "Key of the metric, used by figures and by 'laos-tip get' (in the fact file: id).",
          file_name="id"),
    Field("label", TEXT, "Short name for tables."),
    Field("pillar", choice(PILLARS), "Pillar of the 4P paradigm."),
    Field("unit", TEXT, "What is counted, e.g. cases or persons."),
    Field("description", TEXT, "What exactly is counted."),
    Field("counted_by", TEXT, "The body that counts it.", required=False),
    Field("part_of", IDENTIFIER, "Metric this one is a part of (its value can never be larger).", required=False),
    Field("breakdown", IDENTIFIER,
          "The breakdown of part_of this part belongs to, e.g. sex or nationality: parts in one breakdown do "
          "not overlap, so together they can be no larger than the whole; parts in different breakdowns may.",
          required=False),
    Field("not_comparable_with", list_of(IDENTIFIER),
          "Metrics that look alike but count something else: never compared with this one.", required=False),
    Field("caveats", list_of(TEXT), "What a reader must keep in mind about the figure (in the fact file: one "
          "text, caveat).", required=False, file_name="caveat", file_kind=TEXT),
    Field("area", TEXT, "The part of Laos the count is limited to, when not the whole country (e.g. the Golden "
          "Triangle Special Economic Zone): such metrics are listed by 'laos-tip sez', apart from the national "
          "series.", required=False),
))

FIGURE = Record("figure", "One claim: a source states a value for a metric and a period.", (
    Field("key", IDENTIFIER, "Key of the metric (in the fact file: metric).", file_name="metric"),
    Field("period", YEAR, "Calendar year the figure covers (the year its partial period lies in, or the year a "
          "period of several years ends in)."),
    Field("period_from", DATE, "First day of the period, when the figure covers only part of the year, or "
          "several years (with period_to).", required=False),
    Field("period_to", DATE, "Last day of the period, when the figure covers only part of the year, or several "
          "years (with period_from); always in the year of period.", required=False),
    Field("period_inferred", BOOLEAN, "true when the source names no period and the year is inferred "
          "(period_note says how).", required=False),
    Field("period_note", TEXT, "How an inferred period was inferred, or anything else about the period.",
          required=False),
    Field("value", COUNT, "The figure, exactly as the source gives it."),
    Field("source", IDENTIFIER, "Id of the source that states it."),
    Field("quote", TEXT, "The sentence of the source that states it, verbatim."),
    Field("as_written", TEXT, "The number as the quote writes it, when not the digits of value.", required=False),
    Field("bound", choice(tuple(BOUNDS)),
          "How the value stands to what it counts, as as_written says: at-least ('At least 21'), more-than "
          "('more than', 'over'), up-to ('up to', 'as many as'), fewer-than ('fewer than', 'less than') or "
          "about ('about', 'nearly', 'some'); null when exact. Required exactly when as_written holds such "
          "words.", required=False),
    Field("note", TEXT, "Anything a reader must know about this figure.", required=False),
))

STATEMENT = Record("statement", "A qualitative fact stated by a source.", (
    Field("id", IDENTIFIER, "Key of the statement."),
    Field("topic", TEXT, "What it is about, e.g. Modus operandi."),
    Field("period", YEAR, "Reporting period of the report that makes the statement."),
    Field("source", IDENTIFIER, "Id of the source that states it."),
    Field("summary", TEXT, "The statement in short."),
    Field("quote", TEXT, "The sentence of the source, verbatim."),
))

PARTNER = Record("partner", "A partner nation named by a source.", (
    Field("name", TEXT, "Country name."),
    Field("alpha2", ALPHA2, "ISO 3166-1 alpha-2 code."),
    Field("alpha3", ALPHA3, "ISO 3166-1 alpha-3 code."),
    derived("borders_laos", BOOLEAN, "Whether the country shares a land border with Laos."),
    Field("period", YEAR, "Period of the report that names it."),
    Field("source", IDENTIFIER, "Id of the source that names it."),
    Field("quote", TEXT, "The sentence that names it, verbatim."),
))

TIER = Record("tier", "The tier in which a US Trafficking in Persons Report places Laos.", (
    Field("report_year", YEAR, "Year of the report (it covers the government's efforts of the year before)."),
    Field("placement", choice(TIER_PLACEMENTS),
          "The tier, as the report names it."),
    derived("movement", choice(("upgraded", "downgraded", "same")),
            "Against the report of the year before: upgraded, downgraded or same (null for the first, and when "
            "the file has no report for the year before).", required=False),
    Field("released", DATE, "Release date of the report.", required=False),
    Field("source", IDENTIFIER, "Id of the source that states the placement."),
    Field("quote", TEXT, "The sentence that states the placement, verbatim."),
    Field("note", TEXT, "Anything a reader should know about the placement.", required=False),
))

COUNTRY = Record("neighbour", "A country sharing a land border with Laos (reference data).", (
    Field("name", TEXT, "Country name."),
    Field("alpha2", ALPHA2, "ISO 3166-1 alpha-2 code."),
    Field("alpha3", ALPHA3, "ISO 3166-1 alpha-3 code."),
))

#: The version of the fact file's schema this laos-tip reads (its ``schema_version``).
SCHEMA_VERSION = 1


@record
class Section:
    """A top-level list of the fact file: its name, the record of its entries, and whether a file must have it."""

    name: str
    record: Record
    required: bool = False


#: The fact file's top-level lists, in the order the JSON Schema and the loader's messages name them.
SECTIONS: tuple[Section, ...] = (
    Section("sources", SOURCE, True),
    Section("metrics", METRIC, True),
    Section("figures", FIGURE, True),
    Section("statements", STATEMENT),
    Section("partners", PARTNER),
    Section("tiers", TIER),
    Section("neighbours", COUNTRY),
)

# --- Records that laos-tip derives and writes ---

SOURCE_ENTRY = SOURCE.plus(
    "source entry", "A source as 'laos-tip sources' and the export list it.",
    derived("figure_count", COUNT, "How many figure claims the source states."),
    derived("bibtex", TEXT, "A BibTeX @misc entry keyed by the source id."),
)

CLAIM = Record("claim", "One source's statement of a figure.", tuple(
    FIGURE[name] for name in ("source", "value", "bound", "quote", "as_written", "note")
))

CLAIM_ROW = Record("claim row", "One claim, flat: one row per source and figure (the export's claims table).", (
    FIGURE["key"], METRIC["label"], METRIC["pillar"], METRIC["unit"],
    *(FIGURE[name] for name in ("period", "period_from", "period_to", "period_inferred", "period_note",
                                "value", "bound", "as_written", "source", "quote", "note")),
    derived("backs_headline", BOOLEAN, "Whether the claim gives the value shown for its metric and period."),
))

HEADLINE_ROW = Record(
    "headline row",
    "The value shown for one metric and period: one row each, so sums over rows are right.", (
        METRIC["key"], METRIC["label"], METRIC["pillar"], FIGURE["period"],
        derived("value", COUNT, "The value shown: the most reliable sources' value (never an average)."),
        derived("bound", choice(tuple(BOUNDS)), "null when the value is exact; else its bound (at-least ...): "
                "no source gives an exact value, and the value is never shown as exact.", required=False),
        METRIC["unit"],
        derived("source_count", COUNT, "How many sources state this value."),
        derived("independent_source_count", COUNT,
                "How many independent sources state this value: a source and those that republish it "
                "(republishes) count once."),
        derived("reliability", choice(RELIABILITIES),
                "The best reliability among the sources that state this value: low means only a "
                "low-reliability source gives it."),
        derived("contradicted", BOOLEAN, "Whether some source gives another value."),
        METRIC["caveats"],
        derived("notes", list_of(TEXT), "The notes of the claims that give the value (e.g. a caveat of that "
                "year), so that they travel with the figure into every table.", required=False),
    ),
)

HEADLINE = HEADLINE_ROW.plus(
    "headline", "A headline figure with its metric and every claim for and against it.",
    METRIC["description"], METRIC["counted_by"],
    derived("claims", records_of(CLAIM), "The claims that give value, most reliable source first."),
    derived("contradicted_by", records_of(CLAIM), "The claims of other values."),
)

APART = Record(
    "figure apart",
    "A figure whose period is not a calendar year (a part of one) or is inferred: shown apart, marked, "
    "never as a year's headline and never beside a full year.", (
        FIGURE["key"], METRIC["label"], METRIC["unit"],
        *(FIGURE[name] for name in ("period", "period_from", "period_to", "period_inferred", "period_note")),
        derived("period_label", TEXT, "The period as tables show it, e.g. 'January–May 2017 (partial year)'."),
        *(FIGURE[name] for name in ("value", "bound", "source", "quote", "as_written", "note")),
    ),
)

#: The export's sources and headline tables: the rows above, each with what a reader of a table needs to follow a
#: link (a readable label of the source; the headline's primary source, a foreign key into sources).
SOURCE_TABLE_ROW = SOURCE_ENTRY.plus(
    "source table row", "A publication that states figures: what is needed to cite it, how many figures it "
    "states, and a readable label (the export's sources table).",
    derived("label", TEXT, "Publisher and date, e.g. 'Radio Free Asia, 2025-01-28'; for a source without a date "
            "'undated' and its id. Datasette names the source by it in links."),
)
HEADLINE_TABLE_ROW = HEADLINE_ROW.plus(
    "headline table row", "The value shown for one metric and period, with its primary source: one row each, so "
    "sums over rows are right (the export's headline table).",
    derived("source", IDENTIFIER, "Id of the primary source: the most reliable source that states the value, "
            "cited first. Every claim behind the value is in claims (same key and period, backs_headline true)."),
)

#: The stages of the law-enforcement pipeline, in order ('laos-tip pipeline'): each stage's metric key and
#: the header of its column, which names the unit counted.
PIPELINE_STAGES = {
    "incidents_investigated": "Incidents investigated",
    "cases_opened": "Cases opened",
    "prosecutions_cases": "Cases prosecuted",
    "convictions_cases": "Cases convicted",
    "traffickers_convicted": "Persons convicted",
    "investigations_ongoing": "Open at year end",
}
PIPELINE_ROW = Record(
    "pipeline row",
    "One year of the law-enforcement pipeline: the headline value of each stage, null where no source "
    "gives one (a gap, never 0).", (
        FIGURE["period"],
        *(derived(key, COUNT, f"Headline value of {key} in the year; null when no source gives it.",
                  required=False) for key in PIPELINE_STAGES),
        derived("notes", list_of(TEXT), "The notes of the year's figures (e.g. a caveat of that year).",
                required=False),
    ),
)

TERM = Record("term", "A metric in a ratio, with its headline value for the period.", (
    derived("role", choice(("numerator", "denominator")), "Whether the metric is summed above or divides."),
    derived("key", IDENTIFIER, "Key of the metric."),
    derived("label", TEXT, "Label of the metric."),
    derived("value", COUNT, "Its headline value; null when no source gives it.", required=False),
))

RATIO = Record("ratio", "A ratio derived from headline figures for one period.", (
    derived("key", IDENTIFIER, "Key of the ratio, for 'laos-tip get'."),
    derived("label", TEXT, "Short name for tables."),
    FIGURE["period"],
    derived("formula", TEXT, "The formula of the variant used for this period."),
    derived("kind", choice(("share", "per")), "share (a part of a whole) or per (a number per unit)."),
    derived("value", NUMBER, "Full-precision value; null when it cannot be computed (reason says why).",
            required=False),
    derived("bound", choice(("exact", "lower")), "exact, or lower when parts of the numerator are missing.",
            required=False),
    derived("numerator_value", COUNT, "Sum of the reported numerator terms.", required=False),
    derived("denominator_value", COUNT, "Value of the denominator.", required=False),
    derived("terms", records_of(TERM), "The metrics of the formula, numerator first."),
    derived("caveats", list_of(TEXT), "What a reader must keep in mind about the value.", required=False),
    derived("reason", TEXT, "Why there is no value; null when there is one.", required=False),
))

UNRELATED = Record("unrelated pair", "Two metrics that count different people: no ratio may relate them.", (
    derived("numerator_key", IDENTIFIER, "Key of the metric that may not be divided."),
    derived("denominator_key", IDENTIFIER, "Key of the metric it may not be divided by."),
    derived("reason", TEXT, "Why they are unrelated."),
))

KEY_ROW = Record("key", "A key that 'laos-tip get' answers.", (
    derived("key", IDENTIFIER, "The key."),
    derived("kind", choice(("figure", "ratio", "count")), "figure, ratio or count (partner_nations)."),
    METRIC["label"],
    derived("pillar", TEXT, "Pillar of the 4P paradigm; null for a ratio.", required=False),
    METRIC["unit"],
    METRIC["description"],
    derived("periods", list_of(YEAR), "Years with a value.", required=False),
))

VALUE_ROW = Record("value row", "One key's value for a year, as 'laos-tip get' lists it in a table, CSV or JSON Lines.", (
    derived("key", IDENTIFIER, "The key asked for."),
    KEY_ROW["kind"],
    derived("label", TEXT, "Short name of the figure, ratio or count."),
    FIGURE["period"],
    derived("value", NUMBER, "The value: a figure's or count's whole number, a ratio at full precision."),
    derived("bound", TEXT, "A figure's bound (at-least ...; null when exact), a ratio's (exact or lower: parts of "
            "its numerator missing).", required=False),
    derived("unit", TEXT, "What is counted, or the units of a ratio."),
    derived("sources", list_of(IDENTIFIER), "Ids of the sources that give the value (for a ratio, its terms')."),
))

#: The export's tables. JSON and SQLite carry the same rows; the CSV export is the headline table.
TABLES: tuple[Table, ...] = (
    Table("sources", SOURCE_TABLE_ROW, ("id",)),
    Table("metrics", METRIC, ("key",), (("part_of", "metrics", "key"),)),
    Table("headline", HEADLINE_TABLE_ROW, ("key", "period"), (("key", "metrics", "key"), ("source", "sources", "id"))),
    Table("claims", CLAIM_ROW, ("key", "period", "source"), (("key", "metrics", "key"), ("source", "sources", "id"))),
    Table("ratios", RATIO, ("key", "period")),
    Table("tiers", TIER, ("report_year", "source"), (("source", "sources", "id"),)),
    Table("partners", PARTNER, (), (("source", "sources", "id"),)),
    Table("statements", STATEMENT, ("id",), (("source", "sources", "id"),)),
)


#: Every record, once, in the order the field reference lists them; each name is a record's own.
RECORDS: tuple[Record, ...] = (
    SOURCE, SOURCE_ENTRY, SOURCE_TABLE_ROW, METRIC, FIGURE, CLAIM, CLAIM_ROW, HEADLINE_ROW, HEADLINE_TABLE_ROW,
    HEADLINE, APART, PIPELINE_ROW, TERM,
    RATIO, UNRELATED, STATEMENT, PARTNER, COUNTRY, TIER, KEY_ROW, VALUE_ROW,
)
if len({declared.name for declared in RECORDS}) != len(RECORDS):  # a docs page would silently lose one
    raise ValueError("two records share a name: " + ", ".join(sorted(r.name for r in RECORDS)))
