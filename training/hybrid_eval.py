"""The runtime's decisions on a run's validation split: heuristics alone, and the hybrid pipeline.

    SHIELD_WORK=training/work/holdout SHIELD_MODELS=training/work/holdout/models \
        .venv/bin/python -m training.hybrid_eval

`evaluate.py` scores the model alone. Users get `Shield()`, the hybrid pipeline: heuristics
settle clear cases, the model scores the rest, and the per-category thresholds decide. This
scans the run's held-out prompt rows through `Shield` exactly as the middleware would (the
run's model, its registry thresholds) and reports, per source, how often an attack category
was blocked or flagged. Runs in the runtime's environment (no torch); writes
<work>/hybrid_eval.json.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from shield_middleware import Action, DetectionMethod, HybridMode, MLConfig, Shield, Verdict
from shield_middleware.ml.classifier import OnnxClassifier
from training import config
from training.data_sources import read_jsonl
from training.registry import write_registry

ATTACK_CATEGORIES = frozenset({"prompt_injection", "jailbreak"})


def registry_of_run() -> None:
    """Write the run's registry (its model file, its thresholds) next to its model.

    Always rewritten: a registry left by an earlier quantisation of the run pins the old
    file's hash, and every scan would fail on it. Never the shipped one: the run's models go to
    their own folder (``SHIELD_MODELS``, which `run_all --part holdout` sets)."""
    if config.REGISTRY.resolve() == (config.REPO / "models" / "registry.json").resolve():
        raise SystemExit(
            "hybrid_eval measures a run's own model: set SHIELD_WORK and SHIELD_MODELS to the run's folders "
            "(see this module's docstring); it will not rewrite the shipped models/registry.json"
        )
    final = json.loads((config.WORK / "final.json").read_text())
    metrics = json.loads((config.WORK / final["metrics_file"]).read_text())
    write_registry(metrics, final["quantization"], final["batch_invariant"])


def decisions(shield: Shield, texts: list[str], batch: int = 64) -> Iterable[tuple[bool, bool]]:
    """(blocked for an attack category, flagged for one at either level) per text."""
    for start in range(0, len(texts), batch):
        for v in shield.scan_many(texts[start : start + batch]):
            yield _attack_decision(v)


def _attack_decision(v: Verdict) -> tuple[bool, bool]:
    if v.method in (DetectionMethod.FAIL_OPEN, DetectionMethod.FAIL_CLOSED):
        # A failed scan passes or blocks by policy: counted, it would be measured as the model.
        raise RuntimeError(f"a scan failed ({v.findings[-1].detail}): the figures would not be the model's")
    hit = bool(ATTACK_CATEGORIES.intersection(v.categories))
    return hit and v.action is Action.BLOCK, hit and v.action is not Action.PASS


def report(rows: list[dict[str, Any]], shield: Shield) -> dict[str, Any]:
    """Per source (and per label within mixed sources): rows, share blocked, share flagged."""
    groups: dict[str, list[tuple[bool, bool]]] = defaultdict(list)
    texts = [r["text"] for r in rows]
    for r, (blocked, flagged) in zip(rows, decisions(shield, texts), strict=True):
        label = "attack" if r["attack"] > 0 else "benign"
        groups[f"{r['source']}|{label}"].append((blocked, flagged))
        groups[f"all|{label}"].append((blocked, flagged))
    return {
        name: {
            "n": len(pairs),
            "blocked": round(sum(b for b, _ in pairs) / len(pairs), 4),
            "flagged": round(sum(f for _, f in pairs) / len(pairs), 4),
        }
        for name, pairs in sorted(groups.items())
    }


def main() -> dict[str, Any]:
    rows = [
        r
        for r in read_jsonl(config.WORK / "val.jsonl")
        if r["source"] not in (*config.VAL_TOX_SOURCES, *config.VAL_IN_DIST_SOURCES)
    ]
    registry_of_run()
    base = MLConfig.production()
    out = {
        "rows": len(rows),
        "heuristics": report(rows, Shield(replace(base, hybrid_mode=HybridMode.HEURISTIC))),
        "hybrid": report(rows, Shield(base, classifier=OnnxClassifier(registry=config.REGISTRY))),
    }
    (config.WORK / "hybrid_eval.json").write_text(json.dumps(out, indent=1))
    return out


if __name__ == "__main__":
    res = main()
    for mode in ("heuristics", "hybrid"):
        print(mode)
        for name, r in res[mode].items():
            print(f"  {name:40} {r['n']:>6} blocked {r['blocked']:.3f} flagged {r['flagged']:.3f}")
