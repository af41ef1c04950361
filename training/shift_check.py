"""What the ship run's own-split thresholds would do on sources the recipe never saw.

    .venv-train/bin/python -m training.shift_check

Scores the holdout run's validation prompts with the holdout model and writes (to the ship run's
`shift_check.json`, which the card quotes) and prints, per source, the share flagged at the ship
run's own-split thresholds and at the registry's (the stricter of the two runs', see
`evaluate.stricter_than_holdout`). This is the measurement behind that rule; run_all runs it as
the ship run's `shift_check` stage.
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

import numpy as np

from training import config
from training.data_sources import read_jsonl
from training.evaluate import IN_DIST, TOX_SOURCES, flagged_at, run_metrics, runtime_attack_scores
from training.onnx_scoring import score_texts, session, tokenizer


def flag_rates(
    runtime: np.ndarray, rows: list[dict[str, Any]], thresholds: dict[str, dict[str, float]]
) -> dict[str, float]:
    """Per held-out source (split by label), the share flagged at block at `thresholds`."""
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for row, hit in zip(rows, flagged_at(runtime, thresholds, "block"), strict=True):
        key = f"{row['source']}|{'attack' if row['attack'] else 'benign'}"
        counts[key][0] += int(hit)
        counts[key][1] += 1
    return {k: round(a / n, 4) for k, (a, n) in sorted(counts.items())}


def main() -> dict[str, Any]:
    ship = run_metrics(config.SHIP_WORK)
    final = json.loads((config.HOLDOUT_WORK / "final.json").read_text())
    model = config.HOLDOUT_WORK / (final["metrics_file"].removeprefix("metrics.").removesuffix(".json") + ".onnx")
    rows = [r for r in read_jsonl(config.HOLDOUT_WORK / "val.jsonl") if r["source"] not in TOX_SOURCES + IN_DIST]
    att, _ = score_texts(session(model), tokenizer(), [r["text"] for r in rows])  # scored once
    runtime = runtime_attack_scores(att)
    out = {
        "own_split": flag_rates(runtime, rows, ship["thresholds_own_split"]),
        "registry": flag_rates(runtime, rows, ship["thresholds"]),
    }
    (config.SHIP_WORK / "shift_check.json").write_text(json.dumps(out, indent=1))
    print(json.dumps(out, indent=1))
    return out


if __name__ == "__main__":
    main()
