"""Detection-quality metrics with numpy only: ROC-AUC, recall at a false-positive rate, sweeps."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]


def roc_auc(labels: Sequence[int], scores: Sequence[float]) -> float | None:
    """Area under the ROC curve (Mann-Whitney with average ranks for ties); None if one class is absent."""
    y = np.asarray(labels, dtype=bool)
    s = np.asarray(scores, dtype=np.float64)
    n_pos, n_neg = int(y.sum()), int((~y).sum())
    if n_pos == 0 or n_neg == 0:
        return None
    _, inverse, counts = np.unique(s, return_inverse=True, return_counts=True)
    ends = np.cumsum(counts)
    avg_rank = ends - (counts - 1) / 2.0  # 1-based average rank of each distinct score
    ranks = avg_rank[inverse]
    return float((ranks[y].sum() - n_pos * (n_pos + 1) / 2.0) / (n_pos * n_neg))


def roc_curve(labels: Sequence[int], scores: Sequence[float]) -> tuple[FloatArray, FloatArray, FloatArray]:
    """False-positive rates, true-positive rates and the thresholds they belong to."""
    y = np.asarray(labels, dtype=bool)
    s = np.asarray(scores, dtype=np.float64)
    order = np.argsort(-s, kind="mergesort")
    s, y = s[order], y[order]
    distinct = np.r_[np.nonzero(np.diff(s))[0], len(s) - 1]
    tps = np.cumsum(y)[distinct]
    fps = np.cumsum(~y)[distinct]
    tpr = tps / max(int(y.sum()), 1)
    fpr = fps / max(int((~y).sum()), 1)
    return np.r_[0.0, fpr], np.r_[0.0, tpr], np.r_[np.inf, s[distinct]]


def recall_at_fpr(labels: Sequence[int], scores: Sequence[float], max_fpr: float) -> dict[str, float] | None:
    """The best recall whose false-positive rate stays within `max_fpr`, and its threshold."""
    y = np.asarray(labels, dtype=bool)
    if y.all() or not y.any():
        return None
    fpr, tpr, thresholds = roc_curve(labels, scores)
    ok = np.nonzero(fpr <= max_fpr)[0]
    best = ok[np.argmax(tpr[ok])]
    return {"recall": float(tpr[best]), "fpr": float(fpr[best]), "threshold": float(thresholds[best])}


def at_threshold(labels: Sequence[int], scores: Sequence[float], threshold: float) -> dict[str, Any]:
    """Precision, recall, F1 and false-positive rate when ``score >= threshold`` flags."""
    y = np.asarray(labels, dtype=bool)
    flagged = np.asarray(scores, dtype=np.float64) >= threshold
    tp = int((flagged & y).sum())
    fp = int((flagged & ~y).sum())
    fn = int((~flagged & y).sum())
    tn = int((~flagged & ~y).sum())
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "threshold": threshold,
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "tn": tn,
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "fpr": fp / (fp + tn) if fp + tn else 0.0,
    }
