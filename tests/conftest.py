from __future__ import annotations

import threading
import time
from collections.abc import Sequence

import pytest

from shield_middleware import HybridMode, MLConfig, Shield


class FakeClassifier:
    """A small deterministic stand-in for the ONNX model: keyword scores, call counting."""

    model_version = "fake-1"

    def __init__(self, *, delay_s: float = 0.0, fail: bool = False) -> None:
        self.delay_s = delay_s
        self.fail = fail
        self.calls: list[list[str]] = []
        self._lock = threading.Lock()

    def classify(self, texts: Sequence[str]) -> list[dict[str, float]]:
        with self._lock:
            self.calls.append(list(texts))
        if self.delay_s:
            time.sleep(self.delay_s)
        if self.fail:
            raise RuntimeError("model exploded")
        return [self._score(t) for t in texts]

    @staticmethod
    def _score(text: str) -> dict[str, float]:
        low = text.lower()
        return {
            "prompt_injection": 0.97 if "pineapple protocol" in low else 0.02,
            "jailbreak": 0.95 if "unchained" in low else 0.01,
            "toxicity.toxic": 0.93 if "idiot" in low else 0.03,
            "toxicity.severe_toxic": 0.01,
            "toxicity.obscene": 0.01,
            "toxicity.threat": 0.01,
            "toxicity.insult": 0.91 if "idiot" in low else 0.02,
            "toxicity.identity_hate": 0.01,
        }


@pytest.fixture
def fake() -> FakeClassifier:
    return FakeClassifier()


@pytest.fixture
def heuristic_shield() -> Shield:
    return Shield(MLConfig(hybrid_mode=HybridMode.HEURISTIC))
