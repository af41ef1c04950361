"""The interface between the core engine and any text classifier (the ONNX model or a fake)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable


@runtime_checkable
class Classifier(Protocol):
    """Scores texts for the ML categories.

    `classify` returns, for each text, a mapping from category name (``"prompt_injection"``,
    ``"jailbreak"``, ``"toxicity.insult"``, ...) to a probability in ``[0, 1]``. `model_version`
    identifies the weights; it is part of every cache key.
    """

    model_version: str

    def classify(self, texts: Sequence[str]) -> list[dict[str, float]]: ...


@runtime_checkable
class SupportsClassifyOne(Protocol):
    """A classifier that can coalesce concurrent single-text calls (micro-batching)."""

    def classify_one(self, text: str) -> dict[str, float]: ...
