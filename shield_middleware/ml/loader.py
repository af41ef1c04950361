"""`ModelLoader`: builds the `InferenceEngine` on first use, exactly once, from any thread."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from shield_middleware.ml.engine import EngineOptions, InferenceEngine
from shield_middleware.ml.registry import ModelRegistry, ResolvedModel

EngineFactory = Callable[[ResolvedModel, EngineOptions], InferenceEngine]


class ModelLoader:
    """Lazy, thread-safe holder of one model's engine.

    Nothing is loaded at construction. The first `get()` resolves the model's files
    through the registry (hash check, download if needed) and builds the engine; callers that
    arrive meanwhile wait on the same lock and then share the result (double-checked locking).
    A failed load raises in the caller that ran it and is retried by the next `get()`.
    """

    def __init__(
        self,
        registry: ModelRegistry,
        name: str | None = None,
        *,
        options: EngineOptions | None = None,
        factory: EngineFactory = InferenceEngine,
    ) -> None:
        self.registry = registry
        self.name = name
        self.options = options or EngineOptions()
        self._factory = factory
        self._engine: InferenceEngine | None = None
        self._lock = threading.Lock()
        self._stats_lock = threading.Lock()
        self._loads = 0
        self._cache_hits = 0
        self._failures = 0
        self._load_time_ms = 0.0

    @property
    def loaded(self) -> bool:
        return self._engine is not None

    def get(self) -> InferenceEngine:
        """The engine, loading it on the first call."""
        engine = self._engine
        if engine is not None:
            with self._stats_lock:
                self._cache_hits += 1
            return engine
        with self._lock:
            engine = self._engine
            if engine is not None:  # another thread loaded it while we waited
                with self._stats_lock:
                    self._cache_hits += 1
                return engine
            started = time.perf_counter()
            try:
                engine = self._factory(self.registry.resolve(self.name), self.options)
            except BaseException:
                with self._stats_lock:
                    self._failures += 1
                raise
            elapsed = (time.perf_counter() - started) * 1000.0
            with self._stats_lock:
                self._loads += 1
                self._load_time_ms = elapsed
            self._engine = engine
            return engine

    def preload(self) -> InferenceEngine:
        """Load now (e.g. at application start-up) instead of on the first request."""
        return self.get()

    def unload(self) -> None:
        """Drop the engine; the next `get()` loads it again. Calls in flight finish normally."""
        with self._lock:
            self._engine = None

    def stats(self) -> dict[str, Any]:
        """``loads``, ``cache_hits``, ``failures``, ``load_time_ms`` (last load) and ``loaded``."""
        with self._stats_lock:
            return {
                "loads": self._loads,
                "cache_hits": self._cache_hits,
                "failures": self._failures,
                "load_time_ms": round(self._load_time_ms, 3),
                "loaded": self._engine is not None,
            }
