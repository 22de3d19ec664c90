"""Numbers as a quote writes them: the forms ``as_written`` may take, and whether a quote states a number.

Declared once: the check, its messages and the docs' list of forms come from here.
"""

from __future__ import annotations

import functools
import re

from laos_tip.core.fields import MAX_COUNT

#: The forms of ``as_written`` that laos-tip reads as a number, declared once: the check, its
#: messages and docs/check.md's list come from here. Words are read without regard to case.
# "did not convict any": a negation that states zero, as the TIP Report writes it
# ("Courts did not convict any traffickers.").
ZERO_WORDS = ("no", "none", "zero", "did not convict any")

_UNITS = {
    word: number
    for number, word in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen".split()
    )
}

_TENS = {word: 10 * n for n, word in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split(), 2)}

_SCALES = (("million", 10**6), ("thousand", 10**3))

#: Digits, plain or grouped by three with commas (1234, 1,234); ASCII only: other scripts'
#: digits and superscripts pass ``str.isdigit`` but are no count's digits.
_DIGITS = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+")

#: Longer than any form above can be ("seven hundred and seventy-seven million ..."): a longer
#: as_written is never read as a number.
_LONGEST_NUMBER = 160

NUMBER_FORMS = ("digits, plain or grouped by three with commas (1234, 1,234)",
                "number words, any case (eight, Eighteen, twenty-one, forty two, one hundred and five, "
                "two thousand three hundred)",
                f"{', '.join(repr(w) for w in ZERO_WORDS)} for 0")


def split_bound(text: str) -> tuple[str | None, str]:
    """The bound that ``text`` opens with ("At least 21": 'at-least', "21"), else (None, text).

    The words are those of ``model.BOUNDS``, read without regard to case, the longest first.
    """
    lowered = text.strip().lower()
    if not lowered[:1].isalpha():  # "21", "1,680": most values are written as digits, and no bound is
        return None, text
    for phrase, bound in _bound_phrases():
        if lowered.startswith(phrase):
            return bound, text.strip()[len(phrase):]
    return None, text


@functools.cache
def _bound_phrases() -> tuple[tuple[str, str], ...]:
    """Each bound's phrases and a space after them ("at least "), the longest first: for ``split_bound``."""
    from laos_tip.core.model import BOUNDS

    return tuple(sorted(((phrase + " ", bound) for bound, (words, _) in BOUNDS.items() for phrase in words),
                        key=lambda item: -len(item[0])))


def bound_word_in(text: str) -> str | None:
    """A bound word anywhere in ``text`` ("some", "over" as whole words), or None."""
    from laos_tip.core.model import BOUNDS

    lowered = f" {' '.join(text.lower().split())} "
    for words, _ in BOUNDS.values():
        for phrase in words:
            if f" {phrase} " in lowered:
                return phrase
    return None


def number_in_words(text: str) -> int | None:
    """The number ``text`` denotes in one of ``NUMBER_FORMS``, or None when it is none of them."""
    text = text.strip()
    if len(text) > _LONGEST_NUMBER:
        return None
    if _DIGITS.fullmatch(text):
        digits = text.replace(",", "").lstrip("0") or "0"
        # More digits than any count has can never be the value (and int() refuses 4,300).
        return MAX_COUNT + 1 if len(digits) > len(str(MAX_COUNT)) else int(digits)
    words = text.lower()
    if words in ZERO_WORDS:
        return 0
    tokens = words.replace("-", " ").split()
    return _words(tokens, _SCALES) if tokens else None


def _words(tokens: list[str], scales: tuple[tuple[str, int], ...]) -> int | None:
    """The number of ``tokens`` (already lower-case, split at spaces and hyphens), or None."""
    if not scales:
        return _below_thousand(tokens)
    (word, factor), smaller = scales[0], scales[1:]
    if word not in tokens:
        return _words(tokens, smaller)
    at = tokens.index(word)
    head = _below_thousand(tokens[:at])
    rest = tokens[at + 1:]
    if rest[:1] == ["and"]:
        rest = rest[1:]
        if not rest:
            return None
    if not head:
        return None
    if not rest:
        return head * factor
    tail = _words(rest, smaller)
    return head * factor + tail if tail and tail < factor else None


def _below_thousand(tokens: list[str]) -> int | None:
    if len(tokens) >= 2 and tokens[1] == "hundred":
        hundreds = _UNITS.get(tokens[0])
        rest = tokens[2:]
        if rest[:1] == ["and"]:
            rest = rest[1:]
            if not rest:
                return None
        if not hundreds or hundreds > 9:
            return None
        if not rest:
            return hundreds * 100
        tail = _below_hundred(rest)
        return hundreds * 100 + tail if tail else None
    return _below_hundred(tokens)


def _below_hundred(tokens: list[str]) -> int | None:
    if len(tokens) == 1:
        return _UNITS.get(tokens[0], _TENS.get(tokens[0]))
    if len(tokens) == 2 and tokens[0] in _TENS and _UNITS.get(tokens[1], 0) in range(1, 10):
        return _TENS[tokens[0]] + _UNITS[tokens[1]]
    return None


def quote_holds(quote: str, written: str) -> bool:
    """Whether ``quote`` holds ``written`` as a number of its own: not inside a longer number, a word,
    a date, a year or a URL.

    "962" is in "962 individuals" and "of 962." but not in "1,962", "9620", "962,5" or "A962":
    an occurrence counts when the character before it is not a word character (``\\w``: a letter,
    digit or ``_``), a comma or a full stop, and what follows is neither a word character nor a
    comma or full stop before a digit. The same test as the regular expression
    ``(?<![\\w,.])WRITTEN(?![\\w]|[,.]\\d)``, written out with ``str.find``: compiling that
    expression for every figure's number took about 6 ms of every command (benchmarks/README.md).
    Then ``_own_number`` looks around an occurrence that passed: "30" in "January 30, 2025" is a
    day, "2024" in "in 2024" a year, "12" in "2024-12-01" or in a URL a part of something else.
    Each look is bounded, and the URLs are found once: the time is at most the quote's length
    times that of ``written``.
    """
    if not written:
        return False
    size = len(written)
    urls: list[tuple[int, int]] | None = None
    start = quote.find(written)
    while start != -1:
        before = quote[start - 1] if start else ""
        after = quote[start + size:start + size + 2]
        if not (before and (_is_word(before) or before in ",.")) and not (
            after and (_is_word(after[0]) or (after[0] in ",." and after[1:].isdecimal()))
        ):
            if urls is None:
                urls = [match.span() for match in _URL_IN_TEXT.finditer(quote)] if "/" in quote or "www." in quote \
                    else []
            if _own_number(quote, start, start + size, written, urls):
                return True
        start = quote.find(written, start + 1)
    return False


#: A URL in running text, to its first space.
_URL_IN_TEXT = re.compile(r"(?:[A-Za-z][A-Za-z0-9+.-]*://|www\.)\S+")
#: Month names as dates write them (title case or capitals): a number beside one is a day or a year.
_MONTHS = frozenset(
    "January February March April May June July August September October November December "
    "Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec".split())
#: Words after which four digits are a year ("in 2024", "since 2019", "fiscal year 2023").
_YEAR_WORDS = frozenset("in since of during until till through by from to year years fy between before after "
                        "and or early late mid end start beginning".split())
#: Characters that join numbers into a date or a range: 2024-12-01, 30/01/2025, 12–15.
_JOINS = "-/\u2010\u2011\u2012\u2013\u2014\u2212"


def _own_number(quote: str, start: int, end: int, written: str, urls: list[tuple[int, int]]) -> bool:
    """Whether the occurrence ``quote[start:end]`` is a number of its own (see ``quote_holds``)."""
    import bisect

    at = bisect.bisect_right(urls, (start, len(quote) + 1)) - 1
    if at >= 0 and urls[at][0] <= start < urls[at][1]:
        return False  # inside a URL
    if (start >= 2 and quote[start - 1] in _JOINS and quote[start - 2].isdecimal()) or \
            (quote[end:end + 1] and quote[end] in _JOINS and quote[end + 1:end + 2].isdecimal()):
        return False  # a part of a date or a range
    word_before, word_after = _word_before(quote, start), _word_after(quote, end)
    if word_before.upper() in _UPPER_MONTHS and word_before[:1].isupper() or \
            word_after.upper() in _UPPER_MONTHS and word_after[:1].isupper():
        return False  # a day or a year of a date: "January 30", "30 January 2025", "May 2024"
    is_year = len(written) == 4 and written.isdigit() and 1000 <= int(written) <= 2999
    return not (is_year and (word_before.lower() in _YEAR_WORDS or quote[start - 1:start] == "(" or
                             quote[end:end + 1] == "'"))


_UPPER_MONTHS = frozenset(month.upper() for month in _MONTHS)
#: How far ``_word_before`` and ``_word_after`` look: a month's name and the spaces and comma before it.
_NEAR = 16


def _word_before(quote: str, start: int) -> str:
    """The word just before ``start``, across spaces ("January 30": 'January'; not across a comma)."""
    found = re.search(r"[^\W\d_]+$", quote[max(0, start - _NEAR):start].rstrip(" \u00a0"))
    return found.group() if found else ""


def _word_after(quote: str, end: int) -> str:
    """The word just after ``end``, across spaces ("30 January": 'January')."""
    near = quote[end:end + _NEAR].lstrip(" \u00a0")
    found = re.match(r"[^\W\d_]+", near)
    return found.group() if found else ""


def _is_word(character: str) -> bool:
    """Whether ``character`` is what ``\\w`` matches in a regular expression: a letter, a digit or ``_``."""
    return character.isalnum() or character == "_"
