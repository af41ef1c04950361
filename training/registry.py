"""Write models/registry.json with hashes, sizes, thresholds and validation figures.

.venv-train/bin/python -m training.registry
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from training import config

MODEL_NAME = "shield-minilm-l6"
VERSION = "2.5.1"


def file_entry(path: Path) -> dict[str, Any]:
    """Registry entry for one file, path relative to models/."""
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    rel = path.relative_to(config.REGISTRY.parent).as_posix()
    return {"path": rel, "sha256": digest, "size": path.stat().st_size, "url": None}


def write_registry(metrics: dict[str, Any], quantization: str, batch_invariant: bool) -> dict[str, Any]:
    """Build and write the registry from the evaluation of the shipped model."""
    th = metrics["thresholds"]
    pa = metrics["prompt_attack"]
    tox_means = [v["mean"] for v in metrics["toxicity_roc_auc"].values()]
    entry = {
        "version": VERSION,
        "tasks": ["prompt_attack", "toxicity"],
        "variant": "int8",
        "base_model": config.BASE_MODEL_NAME,
        "max_length": config.MAX_LENGTH,
        "quantization": quantization,
        "batch_invariant": batch_invariant,
        "files": {
            "model": file_entry(config.MODEL_DIR / "model.onnx"),
            "tokenizer": file_entry(config.MODEL_DIR / "tokenizer.json"),
        },
        "inputs": ["input_ids", "attention_mask"],
        "heads": [
            {
                "name": "prompt_attack",
                "output": "attack_logits",
                "activation": "softmax",
                "labels": list(config.ATTACK_LABELS),
                # The likelier attack label reports P(attack) = 1 - P(benign), the validated score.
                "mass_to_top": True,
            },
            {
                "name": "toxicity",
                "output": "toxicity_logits",
                "activation": "sigmoid",
                "labels": [f"toxicity.{x}" for x in config.TOX_LABELS],
            },
        ],
        # Per category, on the scores as the runtime reports them (mass_to_top, evaluate.py).
        "thresholds": {k: th[k] for k in ("prompt_injection", "jailbreak", "toxicity")},
        "validation": {
            "prompt_attack_roc_auc": pa["roc_auc"],
            "recall_at_1pct_fpr": pa["recall_at_1pct_fpr"],
            "toxicity_mean_roc_auc": round(sum(tox_means) / len(tox_means), 4),
        },
    }
    reg = {"schema": 1, "default": MODEL_NAME, "models": {MODEL_NAME: entry}}
    config.REGISTRY.write_text(json.dumps(reg, indent=2) + "\n", encoding="utf-8")
    return reg


if __name__ == "__main__":
    final = json.loads((config.WORK / "final.json").read_text())
    m = json.loads((config.WORK / final["metrics_file"]).read_text())
    print(json.dumps(write_registry(m, final["quantization"], final["batch_invariant"]), indent=1))
