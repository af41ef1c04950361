"""`MicroBatcher`: coalesce texts submitted concurrently from many threads into one model call.

Leader/follower, no thread of its own: a caller that finds a free leader seat (``workers``
seats, default 1) becomes a leader; callers arriving while every seat is taken enqueue their
text and block on their own event. A leader takes up to ``max_batch`` queued texts (oldest
first), runs one call, hands each waiter its result (or the exception, to every waiter of that
batch), and loops until its own text is done; it then hands its seat to the oldest waiting
caller, or frees it. With ``workers=2`` two batches run at once: on a 2-core box with one
intra-op thread per session, one leader alone would leave a core idle.

Waiting for a batch to fill: the leader waits up to ``max_wait_ms`` for more arrivals, but
only under observed load (more than one text queued, or the previous batch held more than one).
A lone caller on an idle server never pays the wait; under load, texts that arrive while the
model is busy are batched anyway, and the short wait only evens out the batch sizes.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from shield_middleware.ml.metrics import InferenceMetrics

R = TypeVar("R")


class _Slot(Generic[R]):
    __slots__ = ("done", "error", "event", "lead", "result", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self.event = threading.Event()
        self.result: R | None = None
        self.error: BaseException | None = None
        self.lead = False
        self.done = False


class MicroBatcher(Generic[R]):
    """Coalesces `submit` calls from many threads into calls of ``fn(texts) -> results``."""

    def __init__(
        self,
        fn: Callable[[Sequence[str]], Sequence[R]],
        *,
        max_batch: int = 16,
        max_wait_ms: float = 2.0,
        workers: int = 1,
        metrics: InferenceMetrics | None = None,
    ) -> None:
        if workers < 1:
            raise ValueError(f"workers must be >= 1, got {workers}")
        if max_batch < 1:
            raise ValueError(f"max_batch must be >= 1, got {max_batch}")
        if max_wait_ms < 0:
            raise ValueError(f"max_wait_ms must be >= 0, got {max_wait_ms}")
        self._fn = fn
        self.max_batch = max_batch
        self.max_wait_ms = max_wait_ms
        self.workers = workers
        self.metrics = metrics if metrics is not None else InferenceMetrics()
        self._cond = threading.Condition(threading.Lock())
        self._queue: deque[_Slot[R]] = deque()
        self._leaders = 0
        self._last_batch = 0
        self._max_queue = 0

    def submit(self, text: str) -> R:
        """Score one text with whatever else is queued; blocks until its result is ready."""
        slot: _Slot[R] = _Slot(text)
        with self._cond:
            self._queue.append(slot)
            self._max_queue = max(self._max_queue, len(self._queue))
            if self._leaders < self.workers:
                self._leaders += 1
                slot.lead = True
            else:
                self._cond.notify()  # a leader may be waiting for its batch to fill
        if not slot.lead:
            slot.event.wait()  # set when done, or when promoted to leader
            if slot.lead and not slot.done:
                # Promoted. Clear the flag so the wait in _lead is for "done" only; "done" is
                # set before the event, so a result that lands right now is not missed.
                slot.event.clear()
        if slot.lead:  # even when already done: the seat must be handed over or released
            self._lead(slot)
        if slot.error is not None:
            raise slot.error
        return slot.result  # type: ignore[return-value]

    def _lead(self, own: _Slot[R]) -> None:
        try:
            while not own.done:
                batch = self._take()
                if batch:
                    self._run(batch)
                else:  # another leader holds our text: wait for it like a follower
                    own.event.wait()
        finally:
            with self._cond:
                successor = next((s for s in self._queue if not s.lead), None)
                if successor is None:
                    self._leaders -= 1
                else:  # hand the leader's seat over without giving it up
                    successor.lead = True
                    successor.event.set()

    def _take(self) -> list[_Slot[R]]:
        with self._cond:
            queue = self._queue
            if self.max_wait_ms > 0 and len(queue) < self.max_batch and (len(queue) > 1 or self._last_batch > 1):
                deadline = time.monotonic() + self.max_wait_ms / 1000.0
                while len(queue) < self.max_batch:
                    remaining = deadline - time.monotonic()
                    if remaining <= 0:
                        break
                    self._cond.wait(remaining)
            batch = [queue.popleft() for _ in range(min(len(queue), self.max_batch))]
            if batch:
                self._last_batch = len(batch)
        if batch:
            self.metrics.record_batch(len(batch))
        return batch

    def _run(self, batch: list[_Slot[R]]) -> None:
        results: Sequence[R] = ()
        error: BaseException | None = None
        try:
            results = self._fn([slot.text for slot in batch])
            if len(results) != len(batch):
                error = RuntimeError(f"batch of {len(batch)} texts returned {len(results)} results")
        except Exception as exc:
            error = exc
        except BaseException as exc:  # KeyboardInterrupt, SystemExit: wake the waiters, re-raise
            error = RuntimeError("micro-batch aborted")
            error.__cause__ = exc
            raise
        finally:
            for i, slot in enumerate(batch):
                if error is None:
                    slot.result = results[i]
                else:
                    slot.error = error
                slot.done = True
                slot.event.set()

    def stats(self) -> dict[str, Any]:
        """Settings, queue depth now and at most, and the batch-size histogram."""
        with self._cond:
            queued, max_queue, leaders = len(self._queue), self._max_queue, self._leaders
        snap = self.metrics.snapshot()
        return {
            "max_batch": self.max_batch,
            "max_wait_ms": self.max_wait_ms,
            "queued": queued,
            "max_queue_depth": max_queue,
            "workers": self.workers,
            "busy": leaders > 0,
            "batches": snap["batches"],
            "batch_size_histogram": snap["batch_size_histogram"],
        }
