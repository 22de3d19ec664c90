"""Numbers as a quote writes them: the forms ``as_written`` may take, and whether a quote states a number.

Declared once: the check, its messages and the docs' list of forms come from here.
"""

from __future__ import annotations

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
    from laos_tip.core.model import BOUNDS

    lowered = text.strip().lower()
    phrases = sorted(((phrase, bound) for bound, (words, _) in BOUNDS.items() for phrase in words),
                     key=lambda item: -len(item[0]))
    for phrase, bound in phrases:
        if lowered.startswith(phrase + " "):
            return bound, text.strip()[len(phrase) + 1:]
    return None, text


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
    """Whether ``quote`` holds ``written`` as a whole number: not inside a longer number or word.

    "962" is in "962 individuals" and "of 962." but not in "1,962", "9620", "962,5" or "A962":
    an occurrence counts when the character before it is not a word character (``\\w``: a letter,
    digit or ``_``), a comma or a full stop, and what follows is neither a word character nor a
    comma or full stop before a digit. The same test as the regular expression
    ``(?<![\\w,.])WRITTEN(?![\\w]|[,.]\\d)``, written out with ``str.find``: compiling that
    expression for every figure's number took about 6 ms of every command (benchmarks/README.md).
    The time is at most the quote's length times that of ``written``.
    """
    if not written:
        return False
    size = len(written)
    start = quote.find(written)
    while start != -1:
        before = quote[start - 1] if start else ""
        after = quote[start + size:start + size + 2]
        if not (before and (_is_word(before) or before in ",.")) and not (
            after and (_is_word(after[0]) or (after[0] in ",." and after[1:].isdecimal()))
        ):
            return True
        start = quote.find(written, start + 1)
    return False


def _is_word(character: str) -> bool:
    """Whether ``character`` is what ``\\w`` matches in a regular expression: a letter, a digit or ``_``."""
    return character.isalnum() or character == "_"
