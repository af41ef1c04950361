"""Map a model's probabilities onto the shared score scale of `MLConfig` thresholds.

Heuristic scores and model probabilities meet in one score per category, judged by one pair of
thresholds. A model's probabilities are not on that scale: the shipped model's validation sweep
puts its prompt-injection block point at p = 0.99, where a heuristic score of 0.95 is already
certain. So each model category is mapped piecewise-linearly through the operating points the
model was validated with (the registry's ``thresholds``): its annotate point lands on
`ANNOTATE_ANCHOR` (0.5) and its block point on `BLOCK_ANCHOR` (0.9). The map is monotonic, so
ROC curves and the ranking of texts do not change; the raw probability stays in the finding.
"""

from __future__ import annotations

from collections.abc import Mapping

from . import categories as cat

ANNOTATE_ANCHOR = 0.5
BLOCK_ANCHOR = 0.9


class Calibrator:
    """Per-category piecewise-linear maps built from ``{category: {"annotate": a, "block": b}}``.

    The ``toxicity`` entry also applies to each ``toxicity.*`` label (the map is monotonic, so
    the max of the mapped labels is the mapped max).
    """

    def __init__(self, operating_points: Mapping[str, Mapping[str, float]]) -> None:
        self._points: dict[str, tuple[float, float]] = {}
        for category, levels in operating_points.items():
            annotate = float(levels.get("annotate", levels.get("block", ANNOTATE_ANCHOR)))
            block = float(levels.get("block", BLOCK_ANCHOR))
            if not 0.0 < annotate <= block <= 1.0:
                raise ValueError(f"calibration for {category!r}: need 0 < annotate <= block <= 1, got {levels!r}")
            self._points[category] = (annotate, block)
        if cat.TOXICITY in self._points:
            for label in cat.TOXICITY_LABELS:
                self._points.setdefault(label, self._points[cat.TOXICITY])

    def __bool__(self) -> bool:
        return bool(self._points)

    def apply(self, scores: Mapping[str, float]) -> dict[str, float]:
        return {k: self.map(k, v) for k, v in scores.items()}

    def map(self, category: str, p: float) -> float:
        points = self._points.get(category)
        if points is None:
            return p
        annotate, block = points
        if p < annotate:
            return ANNOTATE_ANCHOR * p / annotate
        if p < block:
            return ANNOTATE_ANCHOR + (BLOCK_ANCHOR - ANNOTATE_ANCHOR) * (p - annotate) / (block - annotate)
        if block >= 1.0:
            return 1.0
        return BLOCK_ANCHOR + (1.0 - BLOCK_ANCHOR) * (p - block) / (1.0 - block)
