"""``eval --plot``: ROC curves and the threshold sweep as one PNG (needs the ``plot`` extra)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .metrics import roc_curve


def plot_report(report: dict[str, Any], curves: dict[str, tuple[list[int], list[float]]], path: Path) -> None:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        raise RuntimeError("--plot needs matplotlib: pip install -e '.[plot]'") from None
    fig, (roc_ax, sweep_ax) = plt.subplots(1, 2, figsize=(12, 5))
    for category, (labels, scores) in curves.items():
        if 0 < sum(labels) < len(labels):
            fpr, tpr, _ = roc_curve(labels, scores)
            auc = report["categories"][category]["roc_auc"]
            roc_ax.plot(fpr, tpr, label=f"{category} (AUC {auc:.3f})")
        sweep = report["categories"][category]["sweep"]
        sweep_ax.plot(
            [r["threshold"] for r in sweep], [r["recall"] for r in sweep], marker="o", label=f"{category} recall"
        )
        sweep_ax.plot(
            [r["threshold"] for r in sweep], [r["fpr"] for r in sweep], linestyle="--", label=f"{category} FPR"
        )
    roc_ax.set(
        xscale="log", xlim=(1e-4, 1), xlabel="false-positive rate (log)", ylabel="true-positive rate", title="ROC"
    )
    sweep_ax.set(xlabel="threshold", ylabel="rate", title="threshold sweep")
    if roc_ax.get_legend_handles_labels()[0]:  # no ROC curve when a file has one class only
        roc_ax.legend(fontsize=8)
    sweep_ax.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
