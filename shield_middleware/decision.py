"""Turns category scores into an action with the per-category thresholds of `MLConfig`."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from . import categories as cat
from .config import MLConfig
from .verdict import Action, Finding

_TOXICITY_KEYS = (cat.TOXICITY, *cat.TOXICITY_LABELS)
_TOXICITY_SET = frozenset(_TOXICITY_KEYS)


def sparse_scores(findings: Iterable[Finding]) -> dict[str, float]:
    """The highest score per category that has findings (absent categories score 0)."""
    scores: dict[str, float] = {}
    for f in findings:
        if f.score > scores.get(f.category, 0.0):
            scores[f.category] = f.score
    return scores


def with_toxicity_max(scores: dict[str, float]) -> dict[str, float]:
    """Set ``toxicity`` to the maximum of its six labels (and of any direct toxicity score)."""
    if _TOXICITY_SET.isdisjoint(scores):
        return scores
    scores[cat.TOXICITY] = max([scores.get(k, 0.0) for k in _TOXICITY_KEYS])
    return scores


@dataclass(frozen=True, slots=True)
class Decision:
    action: Action
    #: Categories that reached their annotate or block threshold, most severe first.
    categories: tuple[str, ...]
    #: Categories whose spans are masked in the text the app receives instead of blocking.
    redacted: tuple[str, ...]


PASS = Decision(Action.PASS, (), ())


def decide(scores: Mapping[str, float], config: MLConfig) -> Decision:
    """Apply thresholds to (sparse) scores.

    Annotate thresholds are > 0, so a category without a score can never fire: only the
    categories present in `scores` are looked at. With ``config.redact``, redactable
    categories annotate (and are masked) instead of blocking.
    """
    blocking: list[str] = []
    annotating: list[str] = []
    redacted: list[str] = []
    thresholds = config.thresholds
    for category in sorted(scores, key=_order):
        th = thresholds.get(category)
        if th is None:
            continue
        score = scores[category]
        if score < th.annotate and (th.block is None or score < th.block):
            continue
        if config.redact and category in config.redact_categories:
            redacted.append(category)
            annotating.append(category)
        elif th.block is not None and score >= th.block:
            blocking.append(category)
        else:
            annotating.append(category)
    if not (blocking or annotating):
        return PASS
    action = Action.BLOCK if blocking else Action.ANNOTATE
    return Decision(action, tuple(blocking + annotating), tuple(redacted))


_ORDER = {c: i for i, c in enumerate(cat.ALL_CATEGORIES)}


def _order(category: str) -> int:
    return _ORDER.get(category, len(_ORDER))
