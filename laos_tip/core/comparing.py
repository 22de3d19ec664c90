"""Comparing texts of a fact file: one normalisation for every comparison, and whole-word search.

A name typed composed (``é``, NFC) and the same name decomposed in a quote (``e`` + U+0301, NFD)
look the same and are the same text: every comparison of text in laos-tip (a quote holding a
number, a partner or a placement; a country's name against the standard's) compares ``same`` forms,
so that no check can be passed or failed by the bytes a keyboard produced. The data itself is never
changed: only what is compared is normalised.

``unicodedata`` is imported only for text that is not ASCII (already normal in every form).
"""

from __future__ import annotations

import re


def same(text: str) -> str:
    """``text`` in the form laos-tip compares texts in: Unicode NFC."""
    if text.isascii():
        return text
    import unicodedata

    return unicodedata.normalize("NFC", text)


def holds_word(text: str, words: str) -> bool:
    """Whether ``text`` holds ``words`` as whole words, both normalised ("Niger" is not in "Nigeria").

    Whole: neither the character before nor the one after is a letter, a digit, an underscore or
    a combining mark (a mark would change the last letter).
    """
    wanted = same(words)
    if not wanted:
        return False
    return re.search(rf"(?<![\w\u0300-\u036f]){re.escape(wanted)}(?![\w\u0300-\u036f])", same(text)) is not None
