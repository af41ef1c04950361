"""What the ship run's own-split thresholds would do on sources the recipe never saw.

    .venv-train/bin/python -m training.shift_check

Scores the holdout run's validation prompts with the holdout model and prints, per source, the
share flagged at the ship run's own-split thresholds and at the registry's (the stricter of the
two runs', see `evaluate.stricter_than_holdout`). This is the measurement behind that rule.
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

from training import config
from training.data_sources import read_jsonl
from training.evaluate import IN_DIST, TOX_SOURCES, runtime_attack_scores
from training.onnx_scoring import score_texts, session, tokenizer


def flag_rates(thresholds: dict[str, dict[str, float]], level: str = "block") -> dict[str, float]:
    """Per held-out source (split by label), the share the holdout model flags at `thresholds`."""
    final = json.loads((config.HOLDOUT_WORK / "final.json").read_text())
    rows = [r for r in read_jsonl(config.HOLDOUT_WORK / "val.jsonl") if r["source"] not in TOX_SOURCES + IN_DIST]
    model = config.HOLDOUT_WORK / (final["metrics_file"].removeprefix("metrics.").removesuffix(".json") + ".onnx")
    att, _ = score_texts(session(model), tokenizer(), [r["text"] for r in rows])
    runtime = runtime_attack_scores(att)
    flagged = (runtime[:, 0] >= thresholds["prompt_injection"][level]) | (
        runtime[:, 1] >= thresholds["jailbreak"][level]
    )
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for row, hit in zip(rows, flagged, strict=True):
        key = f"{row['source']}|{'attack' if row['attack'] else 'benign'}"
        counts[key][0] += int(hit)
        counts[key][1] += 1
    return {k: round(a / n, 4) for k, (a, n) in sorted(counts.items())}


def main() -> dict[str, Any]:
    ship_final = json.loads((config.SHIP_WORK / "final.json").read_text())
    ship = json.loads((config.SHIP_WORK / ship_final["metrics_file"]).read_text())
    out = {
        "own_split": flag_rates(ship["thresholds_own_split"]),
        "registry": flag_rates(ship["thresholds"]),
    }
    print(json.dumps(out, indent=1))
    return out


if __name__ == "__main__":
    main()
