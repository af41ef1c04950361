"""Length limit, banned substrings and custom patterns: the scanners configured per deployment."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from .. import categories as cat
from ..verdict import DetectionMethod, Finding


def scan_length(text: str, max_chars: int) -> list[Finding]:
    """A ``length`` finding of 1.0 when `text` is longer than `max_chars` characters."""
    if len(text) <= max_chars:
        return []
    return [Finding(cat.LENGTH, 1.0, DetectionMethod.HEURISTIC, f"length {len(text)} > {max_chars}")]


class SubstringScanner:
    """Case-insensitive banned substrings, compiled once into one alternation of literals.

    An alternation of escaped literals cannot backtrack catastrophically: each position tries
    each literal once, so the cost is linear in the text length.
    """

    def __init__(self, substrings: Iterable[str]) -> None:
        self.substrings = tuple(s.casefold() for s in substrings)
        alternatives = sorted({re.escape(s) for s in self.substrings}, key=len, reverse=True)
        self._pattern = re.compile("|".join(alternatives)) if alternatives else None

    def scan(self, folded_text: str) -> list[Finding]:
        """Scan an already case-folded text (spans refer to that text)."""
        if self._pattern is None:
            return []
        return [
            Finding(cat.BANNED_SUBSTRINGS, 1.0, DetectionMethod.HEURISTIC, "banned substring", m.span())
            for m in self._pattern.finditer(folded_text)
        ]


class PatternScanner:
    """Named custom regexes from the config; each match is a ``custom_regex`` finding."""

    def __init__(self, patterns: Mapping[str, str]) -> None:
        self._patterns = [(name, re.compile(p)) for name, p in patterns.items()]

    def scan(self, text: str) -> list[Finding]:
        found: list[Finding] = []
        for name, pattern in self._patterns:
            match = pattern.search(text)
            if match is not None:
                found.append(Finding(cat.CUSTOM_REGEX, 1.0, DetectionMethod.HEURISTIC, name, match.span()))
        return found
