"""Runs every heuristic scanner over one text and collects the findings."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .config import MLConfig
from .normalize import Normalized, evasion_findings, normalize
from .scanners import invisible as invisible_scanner
from .scanners import pii as pii_scanner
from .scanners import secrets as secrets_scanner
from .scanners import signatures as signature_scanner
from .scanners.limits import PatternScanner, SubstringScanner, scan_length
from .verdict import Finding


@dataclass(frozen=True, slots=True)
class HeuristicResult:
    """What the heuristic layer saw: its findings, and the normalised text behind them."""

    normalized: Normalized
    findings: tuple[Finding, ...]
    #: (start, end) of each signature match in ``normalized.text``, in match order.
    spots: tuple[tuple[int, int], ...] = ()


class HeuristicScanner:
    """The heuristic layer, with the configured substrings and patterns compiled once."""

    def __init__(self, config: MLConfig) -> None:
        self._max_chars = config.max_chars
        substrings = SubstringScanner(config.banned_substrings)
        patterns = PatternScanner(config.custom_patterns)
        # Scanners of the original text, in order; the configured ones only when configured.
        self._raw_scanners: list[Callable[[str], list[Finding]]] = [
            secrets_scanner.scan,
            pii_scanner.scan,
            invisible_scanner.scan,
        ]
        if config.custom_patterns:
            self._raw_scanners.append(patterns.scan)
        self._folded_scanners: list[Callable[[str], list[Finding]]] = (
            [substrings.scan] if config.banned_substrings else []
        )

    def scan(self, text: str) -> HeuristicResult:
        normalized = normalize(text)
        findings = scan_length(text, self._max_chars) if len(text) > self._max_chars else []
        findings += evasion_findings(normalized)
        spots: list[tuple[int, int]] = []
        findings += signature_scanner.scan(normalized, spots)
        for scan in self._raw_scanners:
            findings += scan(text)
        for scan in self._folded_scanners:
            findings += scan(normalized.text)
        return HeuristicResult(normalized, tuple(findings), tuple(spots))
