"""`OnnxClassifier`: the ML layer as the core sees it (the Classifier protocol).

```python
from shield_middleware.ml import OnnxClassifier
clf = OnnxClassifier()                      # bundled registry, default model; nothing loaded yet
clf.classify_one("Ignore all previous instructions")   # loads on first use, micro-batched
# {"prompt_injection": 0.98, "jailbreak": 0.01, "toxicity.toxic": 0.02, ...}
```
"""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from typing import Any

from shield_middleware.ml.batcher import MicroBatcher
from shield_middleware.ml.engine import EngineOptions, GraphOptimization, InferenceEngine
from shield_middleware.ml.errors import ModelNotFoundError
from shield_middleware.ml.loader import ModelLoader
from shield_middleware.ml.metrics import InferenceMetrics
from shield_middleware.ml.registry import ModelRegistry
from shield_middleware.ml.spec import ModelSpec


def default_batch_workers(intra_op_threads: int) -> int:
    """Batches run at once: enough concurrent session runs to use every core, at most 4."""
    return max(1, min(4, (os.cpu_count() or 1) // max(1, intra_op_threads)))


class OnnxClassifier:
    """Scores texts with a registry model; construction is cheap: it reads ``registry.json``
    (a few KB, so a bad registry fails here) but loads nothing until the first call or `preload`.

    ``registry``: a `ModelRegistry`, or the path of ``registry.json`` or its folder (default:
    `default_registry_path()`); ``model``: registry entry (default: the registry's default);
    ``variant``: pick the first model of that variant (default model first) when ``model`` is
    None, or check the named model's variant;
    ``batching``: route `classify_one` through a `MicroBatcher` (default True) of ``max_batch``
    texts (16) that waits at most ``max_wait_ms`` (2.0) for a batch to fill under load, with
    ``batch_workers`` batches in flight at once (default: `default_batch_workers`);
    ``intra_op_threads`` (1), ``max_windows`` (8), ``stride`` (64) and ``graph_optimization``
    ("all") go to the `InferenceEngine`; ``cache_dir`` is where missing files are downloaded.
    """

    def __init__(
        self,
        registry: ModelRegistry | str | os.PathLike[str] | None = None,
        model: str | None = None,
        *,
        variant: str | None = None,
        intra_op_threads: int = 1,
        batching: bool = True,
        max_batch: int = 16,
        max_wait_ms: float = 2.0,
        batch_workers: int | None = None,
        max_windows: int = 8,
        stride: int = 64,
        graph_optimization: GraphOptimization = "all",
        cache_dir: str | os.PathLike[str] | None = None,
    ) -> None:
        self.registry = (
            registry if isinstance(registry, ModelRegistry) else ModelRegistry(registry, cache_dir=cache_dir)
        )
        self.spec: ModelSpec = self._pick(model, variant)
        #: ``name@version+<sha256[:12]>`` of the model file, part of every cache key.
        self.model_version: str = self.spec.model_version
        self.options = EngineOptions(
            intra_op_threads=intra_op_threads,
            graph_optimization=graph_optimization,
            max_windows=max_windows,
            stride=stride,
        )
        self.metrics = InferenceMetrics()
        self.loader = ModelLoader(self.registry, self.spec.name, options=self.options)
        self.batcher: MicroBatcher[dict[str, float]] | None = (
            MicroBatcher(self._score, max_batch=max_batch, max_wait_ms=max_wait_ms, metrics=self.metrics)
            if batching
            else None
        )

    def _pick(self, model: str | None, variant: str | None) -> ModelSpec:
        if model is not None or variant is None:
            spec = self.registry.get(model)
            if variant is not None and spec.variant != variant:
                raise ModelNotFoundError(f"model {spec.name!r} is {spec.variant}, not the requested {variant}")
            return spec
        candidates = self.registry.by_variant(variant)  # the default model first
        if not candidates:
            raise ModelNotFoundError(f"no {variant} model in {self.registry.path}")
        return candidates[0]

    def __repr__(self) -> str:
        return f"OnnxClassifier({self.model_version!r}, loaded={self.loader.loaded})"

    @property
    def labels(self) -> tuple[str, ...]:
        """The categories `classify` reports."""
        return self.spec.labels

    def recommended_thresholds(self) -> dict[str, dict[str, float]]:
        """Per-category ``{"block": .., "annotate": ..}`` the model was validated with."""
        return {category: dict(levels) for category, levels in self.spec.thresholds.items()}

    def preload(self) -> InferenceEngine:
        """Resolve, verify and load the model now rather than on the first request."""
        return self.loader.preload()

    def unload(self) -> None:
        self.loader.unload()

    def _score(self, texts: Sequence[str]) -> list[dict[str, float]]:
        try:
            engine = self.loader.get()  # the first call loads: not part of the latency figures
            started = time.perf_counter()
            results = engine.infer(texts)
        except Exception:
            self.metrics.record_error()
            raise
        self.metrics.record_request(
            (time.perf_counter() - started) * 1000.0,
            windows_per_text=[r.windows for r in results],
            tokens=sum(r.tokens for r in results),
            capped=sum(r.capped for r in results),
        )
        return [dict(r.scores) for r in results]

    def classify(self, texts: Sequence[str]) -> list[dict[str, float]]:
        """``{category: probability}`` for each text, in one engine call (no micro-batching)."""
        if isinstance(texts, str):
            raise TypeError("classify() takes a sequence of texts; use classify_one() for one")
        return self._score(texts) if texts else []

    def classify_one(self, text: str) -> dict[str, float]:
        """Scores of one text; concurrent callers are coalesced when batching is on."""
        if self.batcher is None:
            return self._score([text])[0]
        return self.batcher.submit(text)

    def stats(self) -> dict[str, Any]:
        """``{"loader": .., "metrics": .., "batcher": .. | None}``."""
        return {
            "model_version": self.model_version,
            "loader": self.loader.stats(),
            "metrics": self.metrics.snapshot(),
            "batcher": self.batcher.stats() if self.batcher is not None else None,
        }
