"""Turns category scores into an action with the per-category thresholds of `MLConfig`."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from . import categories as cat
from .config import MLConfig
from .verdict import Action, Finding


def category_scores(findings: Iterable[Finding]) -> dict[str, float]:
    """The highest score per category, over every category (absent ones score 0)."""
    scores = dict.fromkeys(cat.ALL_CATEGORIES, 0.0)
    for f in findings:
        if f.score > scores.get(f.category, 0.0):
            scores[f.category] = f.score
    return scores


def with_toxicity_max(scores: dict[str, float]) -> dict[str, float]:
    """Set ``toxicity`` to the maximum of its six labels (and of any direct toxicity score)."""
    scores[cat.TOXICITY] = max([scores.get(cat.TOXICITY, 0.0)] + [scores.get(k, 0.0) for k in cat.TOXICITY_LABELS])
    return scores


@dataclass(frozen=True, slots=True)
class Decision:
    action: Action
    #: Categories that reached their annotate or block threshold, most severe first.
    categories: tuple[str, ...]
    #: Categories whose spans are masked in the text the app receives instead of blocking.
    redacted: tuple[str, ...]


def decide(scores: Mapping[str, float], config: MLConfig) -> Decision:
    """Apply thresholds. With ``config.redact``, redactable categories annotate (and are masked) instead of blocking."""
    blocking: list[str] = []
    annotating: list[str] = []
    redacted: list[str] = []
    for category, th in config.thresholds.items():
        score = scores.get(category, 0.0)
        if score < th.annotate and (th.block is None or score < th.block):
            continue
        if config.redact and category in config.redact_categories:
            redacted.append(category)
            annotating.append(category)
        elif th.block is not None and score >= th.block:
            blocking.append(category)
        else:
            annotating.append(category)
    if blocking:
        action = Action.BLOCK
    elif annotating:
        action = Action.ANNOTATE
    else:
        action = Action.PASS
    return Decision(action, tuple(blocking + annotating), tuple(redacted))
