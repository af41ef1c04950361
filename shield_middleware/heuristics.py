"""Runs every heuristic scanner over one text and collects the findings."""

from __future__ import annotations

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


class HeuristicScanner:
    """The heuristic layer, with the configured substrings and patterns compiled once."""

    def __init__(self, config: MLConfig) -> None:
        self._max_chars = config.max_chars
        self._substrings = SubstringScanner(config.banned_substrings)
        self._patterns = PatternScanner(config.custom_patterns)

    def scan(self, text: str) -> HeuristicResult:
        normalized = normalize(text)
        findings: list[Finding] = []
        findings += scan_length(text, self._max_chars)
        findings += evasion_findings(normalized)
        findings += signature_scanner.scan(normalized)
        findings += secrets_scanner.scan(text)
        findings += pii_scanner.scan(text)
        findings += invisible_scanner.scan(text)
        findings += self._substrings.scan(normalized.text)
        findings += self._patterns.scan(text)
        return HeuristicResult(normalized, tuple(findings))
