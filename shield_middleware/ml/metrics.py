"""`InferenceMetrics`: thread-safe counters and latency percentiles of the ML runtime."""

from __future__ import annotations

import threading
from collections import Counter, deque
from collections.abc import Sequence
from typing import Any


def percentile(sorted_values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (``q`` in [0, 100]) of an ascending sequence; 0.0 when empty."""
    if not sorted_values:
        return 0.0
    rank = max(1, -(-len(sorted_values) * q // 100))
    return sorted_values[min(int(rank), len(sorted_values)) - 1]


class InferenceMetrics:
    """Counters for requests, texts, windows, batches and errors, plus recent latencies.

    Latencies are kept in a ring buffer of the last ``window`` calls, so percentiles describe
    recent traffic and memory stays bounded.
    """

    def __init__(self, window: int = 4096) -> None:
        if window < 1:
            raise ValueError(f"window must be >= 1, got {window}")
        self._lock = threading.Lock()
        self._window = window
        self._zero()

    def _zero(self) -> None:
        self._latencies: deque[float] = deque(maxlen=self._window)
        self._requests = 0
        self._texts = 0
        self._windows = 0
        self._capped = 0
        self._max_windows = 0
        self._tokens = 0
        self._batches = 0
        self._batch_sizes: Counter[int] = Counter()
        self._windows_hist: Counter[int] = Counter()
        self._errors = 0

    def record_request(
        self,
        latency_ms: float,
        *,
        windows_per_text: Sequence[int] = (),
        tokens: int = 0,
        capped: int = 0,
    ) -> None:
        """One engine call that scored ``len(windows_per_text)`` texts in ``latency_ms``."""
        with self._lock:
            self._requests += 1
            self._texts += len(windows_per_text)
            self._windows += sum(windows_per_text)
            self._windows_hist.update(windows_per_text)
            self._max_windows = max(self._max_windows, *windows_per_text, 0)
            self._tokens += tokens
            self._capped += capped
            self._latencies.append(latency_ms)

    def record_batch(self, size: int) -> None:
        """One micro-batch of ``size`` texts was formed."""
        with self._lock:
            self._batches += 1
            self._batch_sizes[size] += 1

    def record_error(self) -> None:
        with self._lock:
            self._errors += 1

    def snapshot(self) -> dict[str, Any]:
        """A consistent copy of every counter; latencies in milliseconds."""
        with self._lock:
            latencies = sorted(self._latencies)
            texts = self._texts
            out: dict[str, Any] = {
                "requests": self._requests,
                "texts": texts,
                "windows": self._windows,
                "windows_per_text": {
                    "mean": round(self._windows / texts, 3) if texts else 0.0,
                    "max": self._max_windows,
                    "histogram": dict(sorted(self._windows_hist.items())),
                },
                "capped_texts": self._capped,
                "tokens": self._tokens,
                "batches": self._batches,
                "batch_size_histogram": dict(sorted(self._batch_sizes.items())),
                "errors": self._errors,
            }
        out["latency_ms"] = {
            "count": len(latencies),
            "p50": round(percentile(latencies, 50), 3),
            "p95": round(percentile(latencies, 95), 3),
            "p99": round(percentile(latencies, 99), 3),
            "max": round(latencies[-1], 3) if latencies else 0.0,
        }
        return out

    def reset(self) -> None:
        """Zero every counter (benchmarks call it between phases)."""
        with self._lock:
            self._zero()
