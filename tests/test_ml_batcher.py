from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import pytest

from shield_middleware.ml import InferenceEngine, MicroBatcher, ModelRegistry

from .ml_fixtures import FILLER, write_tiny_model

T = TypeVar("T")


def _wait_until(condition: Callable[[], bool], timeout_s: float = 30.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        assert time.monotonic() < deadline
        time.sleep(0.001)


def _concurrently(n: int, fn: Callable[[int], T]) -> list[T | BaseException]:
    """Run ``fn(i)`` in ``n`` threads released together; results (or exceptions) by index."""
    barrier = threading.Barrier(n)
    out: list[T | BaseException] = [RuntimeError("not run")] * n

    def worker(i: int) -> None:
        barrier.wait()
        try:
            out[i] = fn(i)
        except Exception as exc:
            out[i] = exc

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
        assert not t.is_alive()
    return out


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> InferenceEngine:
    registry = ModelRegistry(write_tiny_model(tmp_path_factory.mktemp("models")))
    return InferenceEngine(registry.resolve())


def _prompt(i: int) -> str:
    words = [FILLER[(i * 7 + k) % len(FILLER)] for k in range(3 + i % 11)]
    if i % 4 == 0:
        words += ["ignore", "previous", "instructions"]
    return " ".join(words)


@pytest.mark.parametrize("workers", [1, 2])
def test_concurrent_submits_match_one_by_one(engine: InferenceEngine, workers: int) -> None:
    calls: list[int] = []

    def slow_classify(texts: Sequence[str]) -> list[dict[str, float]]:
        calls.append(len(texts))
        time.sleep(0.005)  # the model is "busy": arrivals queue up meanwhile
        return engine.classify(texts)

    batcher = MicroBatcher(slow_classify, max_batch=16, max_wait_ms=2.0, workers=workers)
    prompts = [_prompt(i) for i in range(32)]
    assert len(set(prompts)) == 32
    results = _concurrently(32, lambda i: batcher.submit(prompts[i]))
    expected = [engine.classify([p])[0] for p in prompts]
    for got, want in zip(results, expected, strict=True):
        assert isinstance(got, dict)
        assert got == pytest.approx(want, abs=1e-5)
    histogram = batcher.stats()["batch_size_histogram"]
    assert sum(size * count for size, count in histogram.items()) == 32
    assert max(histogram) > 1 and max(histogram) <= 16
    assert sum(calls) == 32 and len(calls) < 32
    assert batcher.stats()["busy"] is False and batcher.stats()["queued"] == 0


@pytest.mark.parametrize("workers", [1, 2])
def test_an_exception_reaches_every_waiter_of_its_batch(workers: int) -> None:
    batches: list[list[str]] = []
    gate = threading.Event()

    def fn(texts: Sequence[str]) -> list[str]:
        batches.append(list(texts))
        if any(t.startswith("hold") for t in texts):
            assert gate.wait(30)  # keep every leader busy until all 24 texts are queued
        if "boom" in texts:
            raise ValueError("model exploded")
        return [t.upper() for t in texts]

    batcher = MicroBatcher(fn, max_batch=8, max_wait_ms=5.0, workers=workers)
    holders = [threading.Thread(target=batcher.submit, args=(f"hold{i}",)) for i in range(workers)]
    for t in holders:
        t.start()
    try:
        _wait_until(lambda: sum(x.startswith("hold") for b in list(batches) for x in b) == workers)
        texts = ["boom" if i == 5 else f"t{i}" for i in range(24)]
        out: list[object] = [None] * 24

        def submit(i: int) -> None:
            try:
                out[i] = batcher.submit(texts[i])
            except ValueError as exc:
                out[i] = exc

        submitters = [threading.Thread(target=submit, args=(i,)) for i in range(24)]
        for t in submitters:
            t.start()
        _wait_until(lambda: batcher.stats()["queued"] == 24)  # then taken 8 at a time
    finally:
        gate.set()  # never leave the holders blocked, even when an assertion failed
    for t in holders + submitters:
        t.join(30)
        assert not t.is_alive()
    (bad_batch,) = [b for b in batches if "boom" in b]
    assert len(bad_batch) == 8
    for text, result in zip(texts, out, strict=True):
        if text in bad_batch:
            assert isinstance(result, ValueError) and str(result) == "model exploded"
        else:
            assert result == text.upper()
    # The batcher still works afterwards.
    assert batcher.submit("again") == "AGAIN"


def test_a_lone_caller_does_not_wait_for_a_batch() -> None:
    batcher = MicroBatcher(lambda texts: list(texts), max_wait_ms=500.0)
    for _ in range(3):
        started = time.perf_counter()
        assert batcher.submit("x") == "x"
        assert time.perf_counter() - started < 0.25


def test_max_batch_is_respected() -> None:
    sizes: list[int] = []

    def fn(texts: Sequence[str]) -> list[str]:
        sizes.append(len(texts))
        time.sleep(0.002)
        return list(texts)

    batcher = MicroBatcher(fn, max_batch=4, max_wait_ms=1.0)
    results = _concurrently(40, lambda i: batcher.submit(str(i)))
    assert results == [str(i) for i in range(40)]
    assert max(sizes) <= 4 and sum(sizes) == 40


def test_many_rounds_with_two_leaders_never_hang() -> None:
    running = 0
    peak = 0
    lock = threading.Lock()

    def fn(texts: Sequence[str]) -> list[str]:
        nonlocal running, peak
        with lock:
            running += 1
            peak = max(peak, running)
        time.sleep(0.0005 * (len(texts) % 3))
        with lock:
            running -= 1
        return [t + "!" for t in texts]

    batcher = MicroBatcher(fn, max_batch=5, max_wait_ms=0.5, workers=2)
    results = _concurrently(12, lambda i: [batcher.submit(f"{i}-{k}") for k in range(60)])
    assert results == [[f"{i}-{k}!" for k in range(60)] for i in range(12)]
    assert peak <= 2
    stats = batcher.stats()
    assert stats["busy"] is False and stats["queued"] == 0 and stats["workers"] == 2
    assert sum(k * v for k, v in stats["batch_size_histogram"].items()) == 720


def test_zero_wait_takes_what_is_queued() -> None:
    batcher = MicroBatcher(lambda texts: [len(t) for t in texts], max_wait_ms=0)
    results = _concurrently(16, lambda i: batcher.submit("x" * i))
    assert results == list(range(16))


def test_wrong_result_count_is_an_error() -> None:
    batcher: MicroBatcher[Any] = MicroBatcher(lambda texts: [], max_wait_ms=0)
    with pytest.raises(RuntimeError, match="returned 0 results"):
        batcher.submit("x")


def test_settings_are_checked() -> None:
    with pytest.raises(ValueError):
        MicroBatcher(lambda texts: list(texts), max_batch=0)
    with pytest.raises(ValueError):
        MicroBatcher(lambda texts: list(texts), max_wait_ms=-1)
    with pytest.raises(ValueError):
        MicroBatcher(lambda texts: list(texts), workers=0)


def test_no_thread_of_its_own() -> None:
    # The batcher runs in the caller's threads: no thread of its own is ever started.
    before = threading.active_count()
    batcher = MicroBatcher(lambda texts: list(texts))
    batcher.submit("x")
    assert threading.active_count() == before
