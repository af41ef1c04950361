"""Shield: the framework-free core that turns a text into a `Verdict`.

Pipeline: result cache -> heuristic scanners -> (per `HybridMode`) the classifier -> per-category
thresholds -> action. `scan` is synchronous; `scan_async` runs it in a worker thread under a
dedicated capacity limiter with a timeout, so the event loop never waits on the model.
"""

from __future__ import annotations

import concurrent.futures
import dataclasses
import functools
import logging
import math
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

import anyio
import anyio.to_thread
from anyio.lowlevel import RunVar

from . import categories as cat
from .cache import KeyMaker, ResultCache
from .calibration import Calibrator
from .classifier import Classifier, SupportsClassifyOne
from .config import FailMode, HybridMode, MLConfig
from .decision import decide, sparse_scores, with_toxicity_max
from .heuristics import HeuristicResult, HeuristicScanner
from .scanners.masking import mask_spans
from .verdict import Action, DetectionMethod, Finding, Verdict

_T = TypeVar("_T")
logger = logging.getLogger("shield_middleware")

_HEURISTIC_ONLY = "heuristics-only"
_ZERO_SCORES = dict.fromkeys(cat.ALL_CATEGORIES, 0.0)
_MODE_METHOD = {
    HybridMode.ML: DetectionMethod.ML,
    HybridMode.BOTH: DetectionMethod.BOTH,
    HybridMode.HYBRID: DetectionMethod.HYBRID,
    HybridMode.HEURISTIC: DetectionMethod.HEURISTIC,
}


class ShieldError(RuntimeError):
    """The configuration asks for something this installation cannot do."""


@functools.cache
def bundled_classifier(variant: str = "int8") -> Classifier | None:
    """The model shipped in ``models/``, or None when it (or onnxruntime) is not available.

    Nothing is loaded here: the classifier loads its model on first use. One instance per
    variant and process, so that every Shield (one per route policy, say) shares one model.
    """
    try:
        from .ml import OnnxClassifier, default_registry_path
        from .ml.registry import MODELS_ENV
    except ImportError as exc:  # onnxruntime / tokenizers missing or broken
        logger.warning("shield_middleware: ML layer unavailable (%s); running heuristics only", exc)
        return None
    registry = default_registry_path()
    if not registry.exists():
        # Once a process (this function is cached): a guard that lost its model catches less,
        # and nothing else would say so.
        logger.warning(
            "shield_middleware: no model registry at %s (set $%s to a folder holding registry.json); "
            "Shield() runs on heuristics only",
            registry,
            MODELS_ENV,
        )
        return None
    # Micro-batching is off by default: measured with 32 threads on 2 vCPUs it gave 1.2x the
    # throughput in one run and 0.65x in the next (BENCHMARKS.md), short of the 1.3x that would
    # justify the extra waiting. OnnxClassifier(batching=True) turns it on.
    return OnnxClassifier(variant=variant, batching=False)


class Shield:
    """Scans prompts and returns verdicts.

    ``Shield()`` uses the bundled model in hybrid mode when it is installed, heuristics only
    otherwise (and says so in `Verdict.method`). Pass `classifier` to use another model, or a
    config with ``hybrid_mode="heuristic"`` to never load one.
    """

    def __init__(
        self, config: MLConfig | Mapping[str, Any] | None = None, classifier: Classifier | None = None
    ) -> None:
        if isinstance(config, Mapping):  # plain data, as `MLConfig.from_dict` takes it
            config = MLConfig.from_dict(config)
        self.config = config or MLConfig.production()
        if self.config.hybrid_mode is HybridMode.HEURISTIC:
            classifier = None
        elif classifier is None:
            classifier = bundled_classifier(self.config.model_variant)
            if classifier is None and self.config.hybrid_mode is HybridMode.ML:
                raise ShieldError("hybrid_mode 'ml' needs a classifier, and no bundled model was found")
        self.classifier = classifier
        self._calibrator = _calibrator_for(classifier)
        self._heuristics = HeuristicScanner(self.config)
        # Hybrid mode: a heuristic score at or above this stands (the model may raise it, not
        # lower it): the annotate threshold or heuristic_settle, whichever is lower.
        self._kept_from = {
            category: min(self.config.heuristic_settle, _annotate_threshold(self.config, category))
            for category in cat.ML_CATEGORIES
        }
        self._cache: ResultCache[Verdict] = ResultCache(self.config.cache)
        model_version = classifier.model_version if classifier is not None else _HEURISTIC_ONLY
        self._key = KeyMaker(f"{self.config.fingerprint()}|{model_version}")
        self._limiter: RunVar[anyio.CapacityLimiter] = RunVar(f"shield_limiter_{id(self)}")
        self._pool: concurrent.futures.ThreadPoolExecutor | None = None
        self._executor_lock = threading.Lock()

    @property
    def model_version(self) -> str:
        return self.classifier.model_version if self.classifier is not None else _HEURISTIC_ONLY

    # -- public API ----------------------------------------------------------------------------

    def scan(self, text: str, *, fail_mode: FailMode | None = None, timeout_s: float | None = None) -> Verdict:
        """Scan one text. A failing classifier yields the fail-open / fail-closed verdict."""
        if self.classifier is None:
            # The common heuristic-only path, without the list plumbing of scan_many.
            started = time.perf_counter()
            key = self._key(text)
            hit = self._cache.get(key)
            if hit is not None:
                return hit.as_cached(_ms_since(started))
            try:
                verdict = self._verdict(text, self._heuristics.scan(text), None, started)
                self._cache.put(key, verdict)
                return verdict
            except Exception as exc:
                return self._failed([text], fail_mode, exc, started)[0]
        return self.scan_many([text], fail_mode=fail_mode, timeout_s=timeout_s)[0]

    def scan_many(
        self, texts: Sequence[str], *, fail_mode: FailMode | None = None, timeout_s: float | None = None
    ) -> list[Verdict]:
        """Scan several texts; the ones that need the model share one classifier call.

        With `timeout_s` the work runs on this Shield's bounded thread pool and the caller waits
        at most that long (for WSGI servers, whose workers are threads); without it, inline.
        """
        started = time.perf_counter()
        results, keys = self._from_cache(list(texts), started)
        misses = [i for i, v in enumerate(results) if v is None]
        if not misses:
            return _complete(results)
        todo = [texts[i] for i in misses]
        todo_keys = [keys[i] for i in misses]
        try:
            if timeout_s is None or self._runs_inline(todo):
                computed = self._compute(todo, todo_keys, started)
            else:
                future = self._executor().submit(self._compute, todo, todo_keys, started)
                computed = future.result(timeout=timeout_s)
        except concurrent.futures.TimeoutError:
            computed = self._failed(todo, fail_mode, f"timeout after {timeout_s:g}s", started)
        except Exception as exc:
            computed = self._failed(todo, fail_mode, exc, started)
        return _filled(results, misses, computed)

    async def scan_async(
        self, text: str, *, timeout_s: float | None = None, fail_mode: FailMode | None = None
    ) -> Verdict:
        """Scan off the event loop with a timeout; on timeout or error apply `fail_mode`."""
        return (await self.scan_many_async([text], timeout_s=timeout_s, fail_mode=fail_mode))[0]

    async def scan_many_async(
        self, texts: Sequence[str], *, timeout_s: float | None = None, fail_mode: FailMode | None = None
    ) -> list[Verdict]:
        """`scan_many` in a worker thread under this Shield's capacity limiter, with a timeout.

        A timeout stops the waiting, not the worker thread: the limiter bounds how many such
        threads can pile up (``config.max_concurrency``). Cache hits and short heuristic-only
        scans run inline: they take microseconds, less than the hop to a thread.
        """
        started = time.perf_counter()
        timeout = self.config.timeout_s if timeout_s is None else timeout_s
        results, keys = self._from_cache(list(texts), started)
        misses = [i for i, v in enumerate(results) if v is None]
        if not misses:
            return _complete(results)
        todo = [texts[i] for i in misses]
        todo_keys = [keys[i] for i in misses]
        try:
            if self._runs_inline(todo):
                computed = self._compute(todo, todo_keys, started)
            else:
                with anyio.fail_after(timeout):
                    computed = await anyio.to_thread.run_sync(
                        self._compute,
                        todo,
                        todo_keys,
                        started,
                        limiter=self._thread_limiter(),
                        abandon_on_cancel=True,
                    )
        except TimeoutError:
            computed = await self._failed_async(todo, fail_mode, f"timeout after {timeout:g}s", started)
        except Exception as exc:
            computed = await self._failed_async(todo, fail_mode, exc, started)
        return _filled(results, misses, computed)

    def stats(self) -> dict[str, Any]:
        """Cache statistics, plus loader / inference / batcher statistics when a model is used."""
        out: dict[str, Any] = {"cache": self._cache.stats(), "model_version": self.model_version}
        classifier_stats = getattr(self.classifier, "stats", None)
        if callable(classifier_stats):
            out["model"] = classifier_stats()
        return out

    def preload(self) -> None:
        """Load the model now rather than on the first scan (e.g. at application start-up)."""
        preload = getattr(self.classifier, "preload", None)
        if callable(preload):
            preload()

    async def run_in_worker(self, func: Callable[..., _T], *args: Any) -> _T:
        """`func(*args)` on the Shield's worker threads, off the event loop (the middleware
        parses large bodies there): they have a limiter of their own, where anyio's default
        one is shared with the app's sync endpoints."""
        return await anyio.to_thread.run_sync(func, *args, limiter=self._thread_limiter())

    # -- internals -----------------------------------------------------------------------------

    def _thread_limiter(self) -> anyio.CapacityLimiter:
        # One limiter per event loop: a limiter is bound to the loop that created it, and the
        # default limiter is shared with Starlette's sync endpoints.
        try:
            return self._limiter.get()
        except LookupError:
            limiter = anyio.CapacityLimiter(self.config.max_concurrency)
            self._limiter.set(limiter)
            return limiter

    def _runs_inline(self, texts: list[str]) -> bool:
        return self.classifier is None and sum(map(len, texts)) <= self.config.inline_max_chars

    def _executor(self) -> concurrent.futures.ThreadPoolExecutor:
        with self._executor_lock:
            if self._pool is None:
                self._pool = concurrent.futures.ThreadPoolExecutor(
                    self.config.max_concurrency, thread_name_prefix="shield-scan"
                )
            return self._pool

    def _from_cache(self, texts: list[str], started: float) -> tuple[list[Verdict | None], list[bytes]]:
        keys = [self._key(text) for text in texts]
        results: list[Verdict | None] = []
        for key in keys:
            hit = self._cache.get(key)
            results.append(None if hit is None else hit.as_cached(_ms_since(started)))
        return results, keys

    def _compute(self, texts: list[str], keys: list[bytes], started: float) -> list[Verdict]:
        """Heuristics for every text, one classifier call for those that need it; raises on failure."""
        heurs = [self._heuristics.scan(text) for text in texts]
        needs_model = [i for i, h in enumerate(heurs) if self._needs_model(h)]
        by_index: dict[int, dict[str, float]] = {}
        if needs_model:
            ml_scores = self._classify([texts[i] for i in needs_model], [heurs[i] for i in needs_model])
            by_index = dict(zip(needs_model, ml_scores, strict=True))
        verdicts = []
        for i, (text, heur) in enumerate(zip(texts, heurs, strict=True)):
            verdict = self._verdict(text, heur, by_index.get(i), started)
            self._cache.put(keys[i], verdict)
            verdicts.append(verdict)
        return verdicts

    def _needs_model(self, heur: HeuristicResult) -> bool:
        mode = self.config.hybrid_mode
        if self.classifier is None or mode is HybridMode.HEURISTIC:
            return False
        if mode is HybridMode.HYBRID:
            # Heuristics settle clear cases: something already blocks, so the model is moot.
            return decide(sparse_scores(heur.findings), self.config).action is not Action.BLOCK
        return True

    def _classify(self, texts: list[str], heurs: list[HeuristicResult]) -> list[dict[str, float]]:
        """Model scores per text: the max over the text itself and what its evasions hid."""
        if not texts:
            return []
        assert self.classifier is not None
        variants: list[list[str]] = []
        for text, heur in zip(texts, heurs, strict=True):
            # A long run of letters alone (NATO spelling as encoders write it) reads as noise
            # to the model, which flagged such noise as toxic: the signatures read those.
            decoded = [
                d for d in heur.normalized.decoded if not (d.isascii() and d.isalpha() and len(d) > _MAX_UNBROKEN)
            ][:2]
            if decoded and "unicode_escapes" in heur.normalized.evasions and _mostly_escapes(text):
                # Text that is mostly character escapes ("\u0050\u006c...") is read decoded (the
                # whole text, escapes and all): its raw and folded forms are many tokens of noise
                # to the model, slow to score, and scored toxic.
                variants.append(decoded)
                continue
            extra = list(decoded)
            if heur.normalized.evasions and heur.normalized.text != text.casefold():
                extra.append(heur.normalized.text)
            # What a signature matched, read with its surroundings: in a long text it may sit
            # in a window the model does not read, or be diluted by the rest of its window.
            extra += _around(heur.normalized.text, heur.spots)
            variants.append([text, *extra])
        flat = [v for group in variants for v in group]
        if len(flat) == 1 and isinstance(self.classifier, SupportsClassifyOne):
            scored = [self.classifier.classify_one(flat[0])]
        else:
            scored = self.classifier.classify(flat)
        out: list[dict[str, float]] = []
        cursor = 0
        for group in variants:
            merged: dict[str, float] = {}
            for scores in scored[cursor : cursor + len(group)]:
                for k, v in scores.items():
                    if math.isnan(v):
                        raise ValueError(f"classifier returned NaN for {k!r}")
                    merged[k] = max(merged.get(k, 0.0), v)
            cursor += len(group)
            out.append(merged)
        return out

    def _calibrated(self, raw: dict[str, float]) -> dict[str, float]:
        return self._calibrator.apply(raw) if self._calibrator else raw

    def _verdict(self, text: str, heur: HeuristicResult, ml: dict[str, float] | None, started: float) -> Verdict:
        findings = heur.findings
        mode = self.config.hybrid_mode
        if ml is None:
            method = DetectionMethod.HEURISTIC
            if self.classifier is not None and mode is HybridMode.HYBRID:
                method = DetectionMethod.HEURISTIC_SHORT_CIRCUIT
            if not findings:
                # The common benign text on the heuristic path: no scores, so nothing to decide.
                return Verdict(
                    Action.PASS, dict(_ZERO_SCORES), (), method, sanitized=text, elapsed_ms=_ms_since(started)
                )
        scores = sparse_scores(findings)
        if ml is not None:
            method = _MODE_METHOD[mode]
            calibrated = self._calibrated(ml)
            for category in cat.ML_CATEGORIES:
                model_score = min(1.0, max(0.0, calibrated.get(category, 0.0)))
                # both: the max of the two. hybrid: the model settles weak heuristic cues, but
                # evidence that reaches the annotate threshold (or heuristic_settle) stands: the
                # model may have read the text without it (a window left out of a long text)
                # or diluted by what surrounds it. ml: the model alone.
                heuristic = scores.get(category, 0.0)
                if mode is HybridMode.BOTH or (mode is HybridMode.HYBRID and heuristic >= self._kept_from[category]):
                    model_score = max(heuristic, model_score)
                scores[category] = model_score
            findings = (*findings, *self._ml_findings(ml, calibrated))
        with_toxicity_max(scores)
        decision = decide(scores, self.config)
        full_scores = dict(_ZERO_SCORES)
        full_scores.update(scores)
        return Verdict(
            action=decision.action,
            scores=full_scores,
            findings=findings,
            method=method,
            sanitized=mask_spans(text, findings, self.config.redact_categories) if findings else text,
            elapsed_ms=_ms_since(started),
            categories=decision.categories,
            redacted=decision.redacted,
        )

    def _ml_findings(self, raw: dict[str, float], calibrated: dict[str, float]) -> list[Finding]:
        out = []
        for category, score in calibrated.items():
            th = self.config.thresholds.get(category)
            floor = th.annotate if th is not None else 0.5
            if score >= floor:
                detail = f"model {self.model_version} p={raw[category]:.4f}"
                out.append(Finding(category, score, DetectionMethod.ML, detail))
        return out

    async def _failed_async(
        self, texts: list[str], fail_mode: FailMode | None, reason: str | BaseException, started: float
    ) -> list[Verdict]:
        """`_failed` off the event loop where its heuristics would hold the loop up (long texts)."""
        mode = self.config.fail_mode if fail_mode is None else fail_mode
        no_heuristics = self.classifier is None or mode is FailMode.CLOSED
        if no_heuristics or sum(map(len, texts)) <= self.config.inline_max_chars:
            return self._failed(texts, fail_mode, reason, started)
        return await anyio.to_thread.run_sync(self._failed, texts, fail_mode, reason, started)

    def _failed(
        self, texts: list[str], fail_mode: FailMode | None, reason: str | BaseException, started: float
    ) -> list[Verdict]:
        """Fail-open / fail-closed verdicts for texts whose scan timed out (a reason) or raised."""
        if isinstance(reason, BaseException):
            logger.error("shield_middleware: scan failed", exc_info=reason)
            reason = f"error: {type(reason).__name__}"
        mode = self.config.fail_mode if fail_mode is None else fail_mode
        return [self._failure_verdict(t, mode, reason, started) for t in texts]

    def _failure_verdict(self, text: str, mode: FailMode, reason: str, started: float) -> Verdict:
        closed = mode is FailMode.CLOSED
        method = DetectionMethod.FAIL_CLOSED if closed else DetectionMethod.FAIL_OPEN
        failed = Finding(cat.SCAN_FAILED, 1.0, method, reason)
        # Fail-open gives up the model, not the heuristics: an overloaded or broken model must
        # not let an explicit attack, a credential or PII through. (Without a model, what failed
        # or ran late was the heuristics themselves: nothing is left to try.)
        if not closed and self.classifier is not None:
            try:
                heuristic = self._verdict(text, self._heuristics.scan(text), None, started)
            except Exception:
                logger.exception("shield_middleware: heuristics failed too")
            else:
                return dataclasses.replace(heuristic, findings=(*heuristic.findings, failed), method=method)
        return Verdict(
            action=Action.BLOCK if closed else Action.PASS,
            scores=dict(_ZERO_SCORES),
            findings=(failed,),
            method=method,
            # Nothing was masked: the text itself here would pass for a masked one (in logs too).
            sanitized="",
            elapsed_ms=_ms_since(started),
            categories=(cat.SCAN_FAILED,) if closed else (),
        )


def _mostly_escapes(text: str) -> bool:
    """Whether one character in eight or more is a backslash (a "\\uXXXX" escape is six)."""
    return text.count("\\") * 8 >= len(text)


# Characters read on each side of a signature match, and the most such excerpts per text: a
# window of the model holds about 1,000 characters of English.
_SPOT_CONTEXT = 200
# The longest decoded reading of letters alone that the model is given (see `_classify`).
_MAX_UNBROKEN = 32
_MAX_SPOTS = 2


def _around(text: str, spots: Sequence[tuple[int, int]]) -> list[str]:
    """Excerpts of `text` around the signature matches (overlapping ones merged), where they
    are shorter than the text itself."""
    spans: list[tuple[int, int]] = []
    for start, end in sorted(spots):
        lo, hi = max(0, start - _SPOT_CONTEXT), min(len(text), end + _SPOT_CONTEXT)
        if spans and lo <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(spans[-1][1], hi))
        else:
            spans.append((lo, hi))
    return [text[lo:hi] for lo, hi in spans[:_MAX_SPOTS] if hi - lo < len(text)]


def _annotate_threshold(config: MLConfig, category: str) -> float:
    th = config.thresholds.get(category)
    return th.annotate if th is not None else config.heuristic_settle


def _calibrator_for(classifier: Classifier | None) -> Calibrator:
    # A classifier that knows its validated operating points (the bundled model reads them
    # from the registry) gets its probabilities mapped onto the thresholds' scale.
    recommended = getattr(classifier, "recommended_thresholds", None)
    return Calibrator(recommended() if callable(recommended) else {})


def _filled(results: list[Verdict | None], misses: list[int], computed: list[Verdict]) -> list[Verdict]:
    for i, verdict in zip(misses, computed, strict=True):
        results[i] = verdict
    return _complete(results)


def _complete(results: list[Verdict | None]) -> list[Verdict]:
    out = [v for v in results if v is not None]
    assert len(out) == len(results)
    return out


def _ms_since(started: float) -> float:
    return (time.perf_counter() - started) * 1000.0
