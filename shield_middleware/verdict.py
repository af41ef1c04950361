"""The result types of a scan: `Action`, `DetectionMethod`, `Finding` and `Verdict`."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any


class Action(str, enum.Enum):
    """What the caller should do with the scanned text."""

    BLOCK = "block"
    ANNOTATE = "annotate"
    PASS = "pass"

    def __str__(self) -> str:
        return self.value


class DetectionMethod(str, enum.Enum):
    """Which layer produced a finding or settled a verdict."""

    HEURISTIC = "heuristic"
    ML = "ml"
    HYBRID = "hybrid"
    BOTH = "both"
    CACHE = "cache"
    HEURISTIC_SHORT_CIRCUIT = "heuristic_short_circuit"
    FAIL_OPEN = "fail_open"
    FAIL_CLOSED = "fail_closed"

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True, slots=True)
class Finding:
    """One piece of evidence.

    `span` is a ``(start, end)`` offset pair into the text that was scanned (the original text for
    secrets, PII and invisible characters; ``None`` where the evidence has no single location).
    `detail` names the rule or pattern, never the matched secret itself.
    """

    category: str
    score: float
    method: DetectionMethod
    detail: str
    span: tuple[int, int] | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "category": self.category,
            "score": round(self.score, 4),
            "method": self.method.value,
            "detail": self.detail,
            "span": list(self.span) if self.span is not None else None,
        }


@dataclass(frozen=True, slots=True)
class Verdict:
    """The outcome of scanning one text."""

    action: Action
    scores: dict[str, float]
    findings: tuple[Finding, ...]
    method: DetectionMethod
    cached: bool = False
    sanitized: str = ""
    elapsed_ms: float = 0.0
    #: Categories whose score reached their annotate or block threshold.
    categories: tuple[str, ...] = field(default=())
    #: Categories masked in `sanitized` that the app should receive masked (redact mode).
    redacted: tuple[str, ...] = field(default=())

    def as_cached(self, elapsed_ms: float) -> Verdict:
        """This verdict as served from the cache (direct construction: `replace` is slower)."""
        return Verdict(
            self.action,
            self.scores,
            self.findings,
            self.method,
            True,
            self.sanitized,
            elapsed_ms,
            self.categories,
            self.redacted,
        )

    @property
    def blocked(self) -> bool:
        return self.action is Action.BLOCK

    def to_dict(self, *, include_sanitized: bool = True) -> dict[str, Any]:
        out: dict[str, Any] = {
            "action": self.action.value,
            "categories": list(self.categories),
            "redacted": list(self.redacted),
            "scores": {k: round(v, 4) for k, v in self.scores.items()},
            "findings": [f.to_dict() for f in self.findings],
            "method": self.method.value,
            "cached": self.cached,
            "elapsed_ms": round(self.elapsed_ms, 3),
        }
        if include_sanitized:
            out["sanitized"] = self.sanitized
        return out
