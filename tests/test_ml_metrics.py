from __future__ import annotations

import threading

import pytest

from shield_middleware.ml import InferenceMetrics
from shield_middleware.ml.metrics import percentile


def test_counters_and_histograms() -> None:
    m = InferenceMetrics()
    m.record_request(2.0, windows_per_text=[1, 1, 3], tokens=500, capped=1)
    m.record_request(4.0, windows_per_text=[1])
    m.record_batch(3)
    m.record_batch(1)
    m.record_batch(3)
    m.record_error()
    snap = m.snapshot()
    assert snap["requests"] == 2 and snap["texts"] == 4 and snap["windows"] == 6
    assert snap["windows_per_text"] == {"mean": 1.5, "max": 3, "histogram": {1: 3, 3: 1}}
    assert snap["capped_texts"] == 1 and snap["tokens"] == 500
    assert snap["batches"] == 3 and snap["batch_size_histogram"] == {1: 1, 3: 2}
    assert snap["errors"] == 1
    assert snap["latency_ms"] == {"count": 2, "p50": 2.0, "p95": 4.0, "p99": 4.0, "max": 4.0}
    m.reset()
    assert m.snapshot()["requests"] == 0 and m.snapshot()["latency_ms"]["count"] == 0


def test_percentiles_nearest_rank() -> None:
    values = [float(v) for v in range(1, 101)]
    assert percentile(values, 50) == 50.0
    assert percentile(values, 95) == 95.0
    assert percentile(values, 99) == 99.0
    assert percentile(values, 100) == 100.0
    assert percentile([7.0], 99) == 7.0
    assert percentile([], 50) == 0.0


def test_latency_ring_is_bounded() -> None:
    m = InferenceMetrics(window=10)
    for i in range(1000):
        m.record_request(float(i), windows_per_text=[1])
    snap = m.snapshot()
    assert snap["latency_ms"]["count"] == 10
    assert snap["latency_ms"]["p50"] == 994.0  # only the last ten (990..999) remain
    assert snap["requests"] == 1000
    with pytest.raises(ValueError):
        InferenceMetrics(window=0)


def test_thread_safe_counting() -> None:
    m = InferenceMetrics()

    def work() -> None:
        for _ in range(500):
            m.record_request(1.0, windows_per_text=[2])
            m.record_batch(1)

    threads = [threading.Thread(target=work) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    snap = m.snapshot()
    assert snap["requests"] == 4000 and snap["windows"] == 8000 and snap["batches"] == 4000
