"""Owners are free text: one person or team written several ways is still one owner.

Two spellings that differ only in case and spaces are the same owner (:func:`owner_key`).
Two that differ a little more ("Product Marketing Manager", "product marketing mgr") are
probably the same owner written two ways: :func:`near_duplicates` finds them, so that
validation can say which spelling to use.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from typing import Iterable

#: Short forms of words found in job titles and team names, and the word they stand for.
ABBREVIATIONS = {
    "mgr": "manager", "mngr": "manager", "mgmt": "management", "mktg": "marketing",
    "mkt": "marketing", "mkting": "marketing", "ops": "operations", "dir": "director",
    "sr": "senior", "snr": "senior", "jr": "junior", "exec": "executive",
    "rep": "representative", "eng": "engineering", "dept": "department",
    "intl": "international", "&": "and", "+": "and",
}

_WORD = re.compile(r"[\w&+]+")


def owner_key(name: str) -> str:
    """``name`` as compared: case and runs of spaces ignored."""
    return " ".join(name.casefold().split())


def _tokens(name: str) -> tuple[str, ...]:
    """The words of ``name``: case, accents and punctuation ignored, short forms expanded."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", name.casefold())
                    if not unicodedata.combining(c))
    return tuple(ABBREVIATIONS.get(word, word) for word in _WORD.findall(plain))


def matches(query: str, name: str) -> bool:
    """Whether an owner asked for as ``query`` is ``name``: every word of the query is a
    word of the name, case, accents and short forms set aside ("priya", "product mktg")."""
    words = set(_tokens(name))
    wanted = _tokens(query)
    return bool(wanted) and all(word in words for word in wanted)


def _abbreviates(short: str, long: str) -> bool:
    """``short`` is a shortened ``long``: its letters in order, from the first ("mgr")."""
    if len(short) < 3 or len(long) < len(short) + 3 or short[0] != long[0] \
            or short.isdigit():
        return False
    rest = iter(long)
    return all(letter in rest for letter in short)


def _same_word(a: str, b: str) -> bool:
    if a == b:
        return True
    if _abbreviates(a, b) or _abbreviates(b, a):
        return True
    # a typo in a longer word: "Natarjan" for "Natarajan"
    return min(len(a), len(b)) >= 5 and not (a.isdigit() or b.isdigit()) and \
        difflib.SequenceMatcher(None, a, b).ratio() >= 0.8


def similar(a: str, b: str) -> bool:
    """Whether two spellings of different keys probably name the same owner: word for word
    the same once case, accents, punctuation and short forms are set aside, or but for a
    typo in a long word."""
    return _similar(_tokens(a), _tokens(b))


def _similar(ta: tuple[str, ...], tb: tuple[str, ...]) -> bool:
    return bool(ta) and len(ta) == len(tb) and all(_same_word(x, y) for x, y in zip(ta, tb))


@dataclass(frozen=True)
class Spelling:
    """One way an owner is written (up to case and spaces), and the values using it."""

    key: str
    #: the values written this way, in the order given (each with the caller's ``where``)
    uses: tuple
    #: the most used exact text of the spelling
    text: str


def spellings(uses: Iterable[tuple[str, object]]) -> list[Spelling]:
    """``(owner, where)`` pairs grouped by :func:`owner_key`, most used first."""
    by_key: dict[str, list[tuple[str, object]]] = defaultdict(list)
    for name, where in uses:
        by_key[owner_key(name)].append((name, where))
    out = []
    for key, found in by_key.items():
        counts: dict[str, int] = defaultdict(int)
        for name, _ in found:
            counts[name] += 1
        text = min(counts, key=lambda n: (-counts[n], n))
        out.append(Spelling(key, tuple(where for _, where in found), text))
    return sorted(out, key=lambda s: (-len(s.uses), s.key))


def near_duplicates(found: list[Spelling]) -> list[tuple[Spelling, Spelling]]:
    """``(spelling, the one to use instead)`` for each spelling that looks like a more
    used one (on a tie, the one first in alphabetical order wins)."""
    by_length: dict[int, list[tuple[Spelling, tuple[str, ...]]]] = defaultdict(list)
    out = []
    for spelling in found:  # most used first
        tokens = _tokens(spelling.text)
        for other, other_tokens in by_length[len(tokens)]:
            if _similar(tokens, other_tokens):
                out.append((spelling, other))
                break
        else:
            by_length[len(tokens)].append((spelling, tokens))
    return out
