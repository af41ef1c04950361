"""Timing helpers: warm-up, many iterations, percentiles from one run."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Sequence
from typing import Any


def percentiles(samples_us: Sequence[float]) -> dict[str, float]:
    ordered = sorted(samples_us)
    n = len(ordered)

    def at(q: float) -> float:
        return ordered[min(n - 1, int(q * n))]

    return {
        "n": n,
        "p50_us": round(statistics.median(ordered), 2),
        "p95_us": round(at(0.95), 2),
        "p99_us": round(at(0.99), 2),
        "min_us": round(ordered[0], 2),
    }


def time_calls(fn: Callable[[Any], object], args: Sequence[Any], *, warmup: int = 50) -> dict[str, float]:
    """Time `fn(arg)` once per element of `args` (after `warmup` untimed calls), in microseconds."""
    for arg in args[: min(warmup, len(args))]:
        fn(arg)
    samples = []
    clock = time.perf_counter_ns
    for arg in args:
        t0 = clock()
        fn(arg)
        samples.append((clock() - t0) / 1000.0)
    return percentiles(samples)
