"""Pick the int8 variant to ship, copy it to models/, and record the choice.

    .venv-train/bin/python -m training.finalize

Rule: prefer variants whose scores do not depend on batch mates (max difference <= 0.01),
that stay close to fp32 (max probability difference <= 0.05, decisions flipped <= 1 %),
then the fastest at 64 tokens. If no batch-invariant variant is close enough, ship dynamic
int8 and mark the registry batch_invariant=false (the runtime must then run one text per call).
"""

from __future__ import annotations

import json
import shutil
from typing import Any

from training import config
from training.weight_only import GROUP

MAX_BATCH_DIFF = 0.01
MAX_PROB_DIFF = 0.05
MAX_FLIP_RATE = 0.01
DESCRIPTIONS = {
    "dynamic": "dynamic-per-channel",
    "static_qdq": "static-qdq-per-channel",
    "static_qop": "static-qoperator-per-channel",
    "weight_only": (
        f"weight-only-int8-blockwise (a float16 scale per {GROUP} input rows of each output column; "
        "Cast+Mul weights, folded to float at load; float activations)"
    ),
}


def _close(v: dict[str, Any]) -> bool:
    a = v["vs_fp32_on_1500_val_texts"]
    return bool(
        max(a["max_abs_diff_attack"], a["max_abs_diff_toxicity"]) <= MAX_PROB_DIFF
        and max(a["attack_flip_rate"], a["toxicity_flip_rate"]) <= MAX_FLIP_RATE
    )


def choose(report: dict[str, Any]) -> tuple[str, str]:
    """(variant, reason) according to the rule in the module docstring."""
    variants = {k: v for k, v in report.items() if k in DESCRIPTIONS}
    invariant = {k: v for k, v in variants.items() if v["batch_invariance_max_diff"] <= MAX_BATCH_DIFF}
    good = {k: v for k, v in invariant.items() if _close(v)}
    if good:
        best = min(good, key=lambda k: good[k]["latency_ms_1thread"]["64"])
        return best, "batch-invariant, within the fp32 tolerance, fastest at 64 tokens"
    flips_ok = {
        k: v
        for k, v in invariant.items()
        if max(v["vs_fp32_on_1500_val_texts"]["attack_flip_rate"], v["vs_fp32_on_1500_val_texts"]["toxicity_flip_rate"])
        <= MAX_FLIP_RATE
    }
    if flips_ok:
        best = min(flips_ok, key=lambda k: flips_ok[k]["vs_fp32_on_1500_val_texts"]["max_abs_diff_attack"])
        return best, (
            "batch-invariant and the closest to fp32 (decisions flipped within 1 %), although its "
            "max probability difference exceeds 0.05; no variant met both tolerances"
        )
    return "dynamic", "no static variant close enough to fp32; one text per session.run required"


def finalize() -> dict[str, Any]:
    """Copy the chosen model into models/shield-minilm-l6/ and write training/work/final.json."""
    report = json.loads((config.WORK / "quant_report.json").read_text())
    variant, reason = choose(report)
    src = config.WORK / f"model.{variant}.onnx"
    config.MODEL_DIR.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(src, config.MODEL_DIR / "model.onnx")
    final = {
        "variant": variant,
        "reason": reason,
        "quantization": DESCRIPTIONS[variant],
        "batch_invariant": report[variant]["batch_invariance_max_diff"] <= MAX_BATCH_DIFF,
        "metrics_file": f"metrics.model.{variant}.json",
    }
    (config.WORK / "final.json").write_text(json.dumps(final, indent=1))
    return final


if __name__ == "__main__":
    print(json.dumps(finalize(), indent=1))
