"""`InferenceEngine`: one onnxruntime session per model, windows in, per-label scores out.

Why the defaults:
- ``intra_op_threads=1``: on the 2-vCPU box two threads are ~1.9x faster when idle but ~2x
  slower as soon as another process competes for the cores (DESIGN.md); a server under load
  gets more from one thread per concurrent worker. ``inter_op`` is 1 (the graph is a chain).
- When more than one intra-op thread is asked for, the pool's spin-waiting is switched off by
  default: spinning threads burn the cores the web workers need.
- ``graph_optimization="all"``: "extended" measured the same within noise (benchmarks/ml_bench.py,
  ``options`` section); every level gives the same scores (tested).
- Dynamic int8 computes activation scales over the whole batch, padding included, so a text's
  score would depend on its batch mates. A registry entry with ``batch_invariant: false`` is
  therefore run one window per ``session.run``; otherwise windows are sorted by length and run
  in groups of similar length (little padding), at most ``max_batch_windows`` windows and
  ``max_batch_tokens`` padded tokens per run (long windows gain nothing from batching).
"""

from __future__ import annotations

import ctypes
import itertools
import logging
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final, Literal

import numpy as np
import numpy.typing as npt
import onnxruntime as ort

from shield_middleware.ml.errors import ModelError
from shield_middleware.ml.registry import ResolvedModel
from shield_middleware.ml.spec import IGNORED_LABELS, KNOWN_INPUTS, ModelSpec
from shield_middleware.ml.tokenizer import IntArray, TokenizerWrapper

logger = logging.getLogger("shield_middleware.ml")

FloatArray = npt.NDArray[np.float32]
GraphOptimization = Literal["disabled", "basic", "extended", "all"]
_OPT_LEVELS: Final = {
    "disabled": ort.GraphOptimizationLevel.ORT_DISABLE_ALL,
    "basic": ort.GraphOptimizationLevel.ORT_ENABLE_BASIC,
    "extended": ort.GraphOptimizationLevel.ORT_ENABLE_EXTENDED,
    "all": ort.GraphOptimizationLevel.ORT_ENABLE_ALL,
}
_ORT_INT_TYPES: Final = {"tensor(int64)": np.int64, "tensor(int32)": np.int32}


@dataclass(frozen=True, slots=True)
class EngineOptions:
    """Run-time settings of an `InferenceEngine`."""

    #: onnxruntime intra-op threads per session (default 1; see the module docstring).
    intra_op_threads: int = 1
    #: Graph optimisation level (default ``"all"``).
    graph_optimization: GraphOptimization = "all"
    #: Windows scored per text at most (default 8).
    max_windows: int = 8
    #: Token overlap between consecutive windows (default 64).
    stride: int = 64
    #: Windows per ``session.run`` at most when the model is batch-invariant (default 16).
    max_batch_windows: int = 16
    #: Padded tokens per ``session.run`` at most (default 512): batching pays for short windows
    #: (16 tokens: ~1.4x at 8-16 per run) but not for long ones (256 tokens: ~20 % slower).
    max_batch_tokens: int = 512
    #: Let intra-op threads spin while waiting for work (default False; no effect with 1 thread).
    allow_spinning: bool = False

    def __post_init__(self) -> None:
        for name in ("intra_op_threads", "max_windows", "max_batch_windows", "max_batch_tokens"):
            if getattr(self, name) < 1:
                raise ValueError(f"{name} must be >= 1, got {getattr(self, name)}")
        if self.stride < 0:
            raise ValueError(f"stride must be >= 0, got {self.stride}")
        if self.graph_optimization not in _OPT_LEVELS:
            raise ValueError(
                f"graph_optimization must be one of {sorted(_OPT_LEVELS)}, got {self.graph_optimization!r}"
            )


@dataclass(frozen=True, slots=True, eq=False)
class InferenceResult:
    """Scores of one text."""

    #: Label -> probability, the maximum over the text's windows ("benign" left out).
    scores: Mapping[str, float]
    #: Probabilities per scored window, ``[windows, labels]`` in text order ("benign" included).
    window_probs: FloatArray
    #: The column labels of `window_probs`.
    labels: tuple[str, ...]
    #: Tokens in the text, special tokens excluded.
    tokens: int
    #: True when the ``max_windows`` cap dropped some windows of this text.
    capped: bool

    @property
    def windows(self) -> int:
        """How many windows were scored."""
        return int(self.window_probs.shape[0])

    @property
    def window_scores(self) -> list[dict[str, float]]:
        """`window_probs` as one ``{label: probability}`` per window."""
        return [dict(zip(self.labels, row, strict=True)) for row in self.window_probs.tolist()]


def mass_columns(labels: Sequence[str]) -> tuple[IntArray, IntArray]:
    """(benign columns, other columns) of a head's labels, for `mass_to_top`."""
    benign = [j for j, label in enumerate(labels) if label in IGNORED_LABELS]
    others = [j for j in range(len(labels)) if j not in benign]
    return np.array(benign, dtype=np.int64), np.array(others, dtype=np.int64)


def mass_to_top(probs: FloatArray, columns: tuple[IntArray, IntArray]) -> None:
    """In place: each row's likeliest non-benign label takes ``1 - P(benign)`` (see HeadSpec)."""
    benign, others = columns
    mass = 1.0 - probs[:, benign].sum(axis=1)
    top = others[np.argmax(probs[:, others], axis=1)]
    probs[np.arange(probs.shape[0]), top] = np.clip(mass, 0.0, 1.0)


def softmax(logits: FloatArray) -> FloatArray:
    """Numerically stable softmax over the last axis."""
    shifted = logits - logits.max(axis=-1, keepdims=True)
    exp = np.exp(shifted)
    out: FloatArray = exp / exp.sum(axis=-1, keepdims=True)
    return out


def sigmoid(logits: FloatArray) -> FloatArray:
    """Logistic function without overflow warnings for large negative logits."""
    out: FloatArray = 0.5 * (np.tanh(0.5 * logits) + 1.0)
    return out


def release_freed_heap() -> None:
    """Hand memory freed while the session loaded back to the OS (glibc only; else a no-op).

    Loading folds the int8 weights into float ones; glibc keeps the freed intermediates in the
    process heap, about 100 MB of RSS for the bundled model (measured: 165 MB over the
    interpreter after loading, 65 MB after ``malloc_trim``).
    """
    try:
        libc = ctypes.CDLL("libc.so.6")
        libc.malloc_trim(0)
    except (OSError, AttributeError):
        pass  # not glibc (musl, macOS, Windows): nothing to trim this way


def session_options(options: EngineOptions) -> ort.SessionOptions:
    """The `onnxruntime.SessionOptions` an engine uses."""
    so = ort.SessionOptions()
    so.intra_op_num_threads = options.intra_op_threads
    so.inter_op_num_threads = 1
    so.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    so.graph_optimization_level = _OPT_LEVELS[options.graph_optimization]
    so.add_session_config_entry("session.intra_op.allow_spinning", "1" if options.allow_spinning else "0")
    return so


class InferenceEngine:
    """One model: its session and tokenizer. Thread-safe: ``session.run`` may be called concurrently."""

    def __init__(self, model: ResolvedModel, options: EngineOptions | None = None) -> None:
        self.options = options or EngineOptions()
        self.spec: ModelSpec = model.spec
        self.model_version = model.model_version
        started = time.perf_counter()
        self.tokenizer = TokenizerWrapper(
            model.tokenizer_path,
            max_length=self.spec.max_length,
            stride=self.options.stride,
            max_windows=self.options.max_windows,
        )
        self.session = ort.InferenceSession(
            str(model.model_path),
            sess_options=session_options(self.options),
            providers=["CPUExecutionProvider"],
        )
        release_freed_heap()
        # Feed exactly what the graph declares, in the dtype it declares.
        self._inputs: dict[str, Any] = {}
        for node in self.session.get_inputs():
            if node.name not in KNOWN_INPUTS or node.type not in _ORT_INT_TYPES:
                raise ModelError(
                    f"{model.model_path}: graph input {node.name!r} ({node.type}) is not one of "
                    f"{sorted(KNOWN_INPUTS)} as int32/int64"
                )
            self._inputs[node.name] = _ORT_INT_TYPES[node.type]
        if "input_ids" not in self._inputs:
            raise ModelError(f"{model.model_path}: graph has no 'input_ids' input")
        outputs = {node.name for node in self.session.get_outputs()}
        missing = [h.output for h in self.spec.heads if h.output not in outputs]
        if missing:
            raise ModelError(f"{model.model_path}: graph lacks outputs {missing} (has {sorted(outputs)})")
        self._output_names = [h.output for h in self.spec.heads]
        self.labels: tuple[str, ...] = tuple(label for h in self.spec.heads for label in h.labels)
        reported = [j for j, label in enumerate(self.labels) if label not in IGNORED_LABELS]
        self._reported_labels = tuple(self.labels[j] for j in reported)
        # A slice when contiguous (the usual "benign first" layout): no fancy-index copy.
        contiguous = reported == list(range(reported[0], reported[-1] + 1)) if reported else False
        self._reported: slice | list[int] = slice(reported[0], reported[-1] + 1) if contiguous else reported
        offsets = np.cumsum([0, *(len(h.labels) for h in self.spec.heads)]).tolist()
        self._head_columns = [slice(a, b) for a, b in itertools.pairwise(offsets)]
        self._mass_columns = [mass_columns(h.labels) if h.mass_to_top else None for h in self.spec.heads]
        self._needs_cast = any(dtype is not np.int64 for dtype in self._inputs.values())
        self.load_ms = (time.perf_counter() - started) * 1000.0
        logger.info(
            "loaded %s in %.1f ms (inputs=%s, threads=%d, batch_invariant=%s)",
            self.model_version,
            self.load_ms,
            sorted(self._inputs),
            self.options.intra_op_threads,
            self.spec.batch_invariant,
        )

    @property
    def inputs(self) -> tuple[str, ...]:
        """The graph inputs this engine feeds."""
        return tuple(self._inputs)

    def _feeds(self, input_ids: IntArray, attention_mask: IntArray) -> dict[str, Any]:
        feeds: dict[str, Any] = {"input_ids": input_ids}
        if "attention_mask" in self._inputs:
            feeds["attention_mask"] = attention_mask
        if "token_type_ids" in self._inputs:  # a single segment
            feeds["token_type_ids"] = np.zeros_like(input_ids)
        if self._needs_cast:
            feeds = {name: value.astype(self._inputs[name]) for name, value in feeds.items()}
        return feeds

    def run_logits(self, input_ids: IntArray, attention_mask: IntArray, out: FloatArray) -> None:
        """One ``session.run`` on a padded batch; writes raw logits ``[rows, labels]`` into ``out``."""
        raw = self.session.run(self._output_names, self._feeds(input_ids, attention_mask))
        for head, columns, logits in zip(self.spec.heads, self._head_columns, raw, strict=True):
            if logits.ndim != 2 or logits.shape[1] != len(head.labels):
                raise ModelError(
                    f"head {head.name!r}: output {head.output!r} has shape {list(logits.shape)}, "
                    f"registry lists {len(head.labels)} labels"
                )
            out[:, columns] = logits

    def activate(self, logits: FloatArray) -> FloatArray:
        """Logits ``[rows, labels]`` -> probabilities, with each head's activation."""
        probs = np.empty_like(logits)
        for head, columns, mass in zip(self.spec.heads, self._head_columns, self._mass_columns, strict=True):
            fn = softmax if head.activation == "softmax" else sigmoid
            head_probs = fn(logits[:, columns])
            if mass is not None:
                mass_to_top(head_probs, mass)
            probs[:, columns] = head_probs
        return probs

    def run(self, input_ids: IntArray, attention_mask: IntArray) -> FloatArray:
        """One ``session.run`` on a padded batch; returns probabilities ``[rows, labels]``."""
        logits = np.empty((input_ids.shape[0], len(self.labels)), dtype=np.float32)
        self.run_logits(input_ids, attention_mask, logits)
        return self.activate(logits)

    def _groups(self, windows: Sequence[IntArray]) -> list[list[int]]:
        """Window indices per ``session.run``: one each, or similar lengths together."""
        if not self.spec.batch_invariant:
            return [[i] for i in range(len(windows))]
        order = sorted(range(len(windows)), key=lambda i: len(windows[i]))
        # A graph without an attention mask would read padding as text: equal lengths only.
        slack = (1.25, 8) if "attention_mask" in self._inputs else (1.0, 0)
        groups: list[list[int]] = []
        for i in order:
            group = groups[-1] if groups else None
            # Start a new run when full (windows or padded tokens; sorted, so this window sets
            # the padded width) or when padding to this length would waste > ~25 %.
            width = len(windows[i])
            if (
                group is None
                or len(group) >= self.options.max_batch_windows
                or (len(group) + 1) * width > self.options.max_batch_tokens
                or width > len(windows[group[0]]) * slack[0] + slack[1]
            ):
                groups.append([i])
            else:
                group.append(i)
        return groups

    def score_windows(self, windows: Sequence[IntArray]) -> FloatArray:
        """Probabilities ``[windows, labels]`` for unpadded windows, in the order given."""
        logits = np.empty((len(windows), len(self.labels)), dtype=np.float32)
        if len(windows) == 1:  # the common case: one short prompt
            window = windows[0]
            self.run_logits(window[None, :], np.ones((1, len(window)), dtype=np.int64), logits)
            return self.activate(logits)
        for group in self._groups(windows):
            input_ids, attention_mask = self.tokenizer.pad([windows[i] for i in group])
            rows = np.empty((len(group), len(self.labels)), dtype=np.float32)
            self.run_logits(input_ids, attention_mask, rows)
            logits[group] = rows
        return self.activate(logits)

    def infer(self, texts: Sequence[str]) -> list[InferenceResult]:
        """Score each text: every window is scored, a text's score is the max over its windows."""
        if not texts:
            return []
        win = self.tokenizer.windows(texts)
        probs = self.score_windows(win.windows)
        counts = win.windows_per_text
        if len(probs) == len(counts):  # one window per text: no reduction needed
            maxima = probs[:, self._reported].tolist()
            starts = list(range(len(counts)))
        else:  # windows of one text are contiguous: one reduceat gives every text's maxima
            starts = np.cumsum((0, *counts[:-1])).tolist()
            maxima = np.maximum.reduceat(probs[:, self._reported], starts, axis=0).tolist()
        return [
            InferenceResult(
                scores=dict(zip(self._reported_labels, row, strict=True)),
                window_probs=probs[start : start + count],
                labels=self.labels,
                tokens=tokens,
                capped=capped,
            )
            for row, start, count, tokens, capped in zip(
                maxima, starts, counts, win.tokens_per_text, win.capped, strict=True
            )
        ]

    def classify(self, texts: Sequence[str]) -> list[dict[str, float]]:
        """For each text, ``{category: probability}`` for every head label except "benign"."""
        return [dict(r.scores) for r in self.infer(texts)]
