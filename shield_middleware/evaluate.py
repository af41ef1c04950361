"""``shield-middleware eval``: detection quality of a Shield on labelled JSONL data.

Formats (those of ../shared/data):
- prompt files: ``{"text", "label": "benign" | "injection" | "indirect_injection" | "jailbreak" |
  "harmful_request", "source"?}``; harmful requests count as negatives for prompt attacks;
- toxicity files: ``{"text", "labels": {"toxic": 0 | 1 | null, ...}, "source"?}`` (null skipped);
- binary files: ``{"text", "label": 0 | 1}`` scored for the category given with ``--category``.
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from . import categories as cat
from .config import MLConfig
from .metrics import at_threshold, recall_at_fpr, roc_auc
from .shield import Shield

ATTACK_LABELS = {
    "injection": cat.PROMPT_INJECTION,
    "indirect_injection": cat.PROMPT_INJECTION,
    "jailbreak": cat.JAILBREAK,
}
NEGATIVE_LABELS = {"benign", "harmful_request"}
PROMPT_ATTACK = "prompt_attack"  # injection or jailbreak, scored by the max of the two
SWEEP = (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99)


@dataclass
class Example:
    text: str
    source: str
    #: category -> 0/1 for the categories this row is labelled for.
    truth: dict[str, int] = field(default_factory=dict)


def load_examples(path: Path, category: str | None = None) -> list[Example]:
    """Read a JSONL file in one of the supported formats; a bad line raises ValueError with its number."""
    out: list[Example] = []
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                out.append(_example(row, category))
            except (ValueError, KeyError, TypeError) as exc:
                raise ValueError(f"{path}:{n}: {exc}") from None
    return out


def _example(row: dict[str, Any], category: str | None) -> Example:
    if not isinstance(row, dict) or "text" not in row:
        raise ValueError("missing field 'text' (each line is a JSON object with a 'text' string)")
    text = row["text"]
    if not isinstance(text, str):
        raise ValueError("'text' must be a string")
    ex = Example(text, str(row.get("source", "-")))
    if "labels" in row:
        for label, value in row["labels"].items():
            if value is not None:
                ex.truth[f"toxicity.{label}"] = int(value)
        if ex.truth:
            ex.truth[cat.TOXICITY] = max(ex.truth.values())
        return ex
    label = row["label"]
    if isinstance(label, str):
        if label not in ATTACK_LABELS and label not in NEGATIVE_LABELS:
            raise ValueError(f"unknown label {label!r}")
        attack = ATTACK_LABELS.get(label)
        ex.truth[PROMPT_ATTACK] = int(attack is not None)
        for c in (cat.PROMPT_INJECTION, cat.JAILBREAK):
            # A row of the other attack kind is neither a positive nor a fair negative here.
            if attack is None or attack == c:
                ex.truth[c] = int(attack == c)
        return ex
    if category is None:
        raise ValueError("numeric labels need --category")
    ex.truth[category] = int(label)
    return ex


def _score(scores: dict[str, float], category: str) -> float:
    if category == PROMPT_ATTACK:
        return max(scores.get(cat.PROMPT_INJECTION, 0.0), scores.get(cat.JAILBREAK, 0.0))
    return scores.get(category, 0.0)


def _thresholds(config: MLConfig, category: str) -> dict[str, float]:
    key = cat.PROMPT_INJECTION if category == PROMPT_ATTACK else category
    th = config.thresholds.get(key) or config.thresholds.get(cat.TOXICITY if key.startswith("toxicity.") else key)
    if th is None:
        return {"annotate": 0.5}
    out = {"annotate": th.annotate}
    if th.block is not None:
        out["block"] = th.block
    return out


Curves = dict[str, tuple[list[int], list[float]]]


def evaluate(
    shield: Shield, examples: Sequence[Example], *, batch: int = 64, progress: TextIO | None = None
) -> tuple[dict[str, Any], Curves]:
    """Scan every example (batched through `scan_many`); the report and per-category (labels, scores)."""
    scores: list[dict[str, float]] = []
    for start in range(0, len(examples), batch):
        chunk = examples[start : start + batch]
        scores += [v.scores for v in shield.scan_many([e.text for e in chunk])]
        if progress is not None:
            _progress(progress, len(scores), len(examples))
    if progress is not None:
        progress.write("\n")
    categories = sorted({c for e in examples for c in e.truth})
    report: dict[str, Any] = {"examples": len(examples), "model_version": shield.model_version, "categories": {}}
    curves: Curves = {}
    for c in categories:
        rows = [(e, s) for e, s in zip(examples, scores, strict=True) if c in e.truth]
        labels = [e.truth[c] for e, _ in rows]
        values = [_score(s, c) for _, s in rows]
        curves[c] = (labels, values)
        entry: dict[str, Any] = {
            "positives": sum(labels),
            "negatives": len(labels) - sum(labels),
            "roc_auc": roc_auc(labels, values),
            "recall_at_1pct_fpr": recall_at_fpr(labels, values, 0.01),
            "recall_at_0.1pct_fpr": recall_at_fpr(labels, values, 0.001),
            "at_thresholds": {
                name: at_threshold(labels, values, t) for name, t in _thresholds(shield.config, c).items()
            },
            "sweep": [at_threshold(labels, values, t) for t in SWEEP],
            "by_source": _by_source(rows, c, _thresholds(shield.config, c)),
        }
        report["categories"][c] = entry
    return report, curves


def _by_source(rows: list[tuple[Example, dict[str, float]]], c: str, thresholds: dict[str, float]) -> dict[str, Any]:
    groups: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for e, s in rows:
        groups[e.source].append((e.truth[c], _score(s, c)))
    t = thresholds.get("block", thresholds["annotate"])
    out = {}
    for source, pairs in sorted(groups.items()):
        labels = [y for y, _ in pairs]
        values = [v for _, v in pairs]
        flagged = sum(v >= t for v in values)
        out[source] = {
            "rows": len(pairs),
            "positives": sum(labels),
            "flagged_rate": flagged / len(pairs),
            "roc_auc": roc_auc(labels, values),
        }
    return out


def _progress(out: TextIO, done: int, total: int) -> None:
    width = 30
    filled = int(width * done / max(total, 1))
    out.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
    out.flush()


def _fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def format_report(report: dict[str, Any]) -> str:
    lines = [f"{report['examples']} examples, model {report['model_version']}", ""]
    head = (
        f"{'category':24} {'pos':>6} {'neg':>6} {'ROC-AUC':>8} {'R@1%FPR':>8} {'R@.1%FPR':>9} "
        f"{'prec':>6} {'recall':>6} {'F1':>6} {'FPR':>6}"
    )
    lines += [head, "-" * len(head)]
    for c, e in report["categories"].items():
        at = e["at_thresholds"].get("block") or e["at_thresholds"]["annotate"]
        r1 = e["recall_at_1pct_fpr"]
        r01 = e["recall_at_0.1pct_fpr"]
        lines.append(
            f"{c:24} {e['positives']:>6} {e['negatives']:>6} {_fmt(e['roc_auc']):>8} "
            f"{_fmt(r1['recall'] if r1 else None):>8} {_fmt(r01['recall'] if r01 else None):>9} "
            f"{at['precision']:>6.3f} {at['recall']:>6.3f} {at['f1']:>6.3f} {at['fpr']:>6.3f}"
        )
    for c, e in report["categories"].items():
        lines += ["", f"{c}: threshold sweep", f"{'threshold':>9} {'prec':>6} {'recall':>6} {'F1':>6} {'FPR':>6}"]
        lines += [
            f"{r['threshold']:>9.2f} {r['precision']:>6.3f} {r['recall']:>6.3f} {r['f1']:>6.3f} {r['fpr']:>6.3f}"
            for r in e["sweep"]
        ]
        lines += [
            "",
            f"{c}: by source (flagged = at the block threshold, else annotate)",
            f"{'source':40} {'rows':>6} {'pos':>6} {'flagged':>8} {'ROC-AUC':>8}",
        ]
        lines += [
            f"{s[:40]:40} {r['rows']:>6} {r['positives']:>6} {r['flagged_rate']:>8.3f} {_fmt(r['roc_auc']):>8}"
            for s, r in e["by_source"].items()
        ]
    return "\n".join(lines)


def progress_stream(enabled: bool) -> TextIO | None:
    return sys.stderr if enabled and sys.stderr.isatty() else None
