"""Validation on held-out sources: ROC-AUC, recall at fixed FPR, per-source rates, thresholds.

    .venv-train/bin/python -m training.evaluate [--model training/work/model.fp32.onnx]

Scores are computed at batch 1 (a text scanned alone), with the shipped tokenizer and the
runtime's head window of MAX_LENGTH tokens.
"""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.metrics import roc_auc_score

from training import config
from training.data_sources import read_jsonl
from training.onnx_scoring import score_texts, session, tokenizer

TOX_SOURCES = config.VAL_TOX_SOURCES
IN_DIST = config.VAL_IN_DIST_SOURCES
BLOCK_FPR = 0.005
ANNOTATE_FPR = 0.02
# A threshold below these floors would be fitted to the quirks of the validation sources.
BLOCK_FLOOR = 0.5
ANNOTATE_FLOOR = 0.2


def recall_at_fpr(y: np.ndarray, s: np.ndarray, fpr: float) -> tuple[float, float]:
    """(recall, threshold) at the score where at most `fpr` of negatives are at or above it."""
    neg = np.sort(s[y == 0])
    k = int(np.floor(fpr * len(neg)))
    thr = float(neg[len(neg) - k - 1]) if k < len(neg) else float(neg[0])
    thr = np.nextafter(np.float32(thr), np.float32(2.0))
    return float((s[y == 1] >= thr).mean()), float(thr)


def threshold_at(neg_scores: np.ndarray, fpr: float, floor: float) -> float:
    """Smallest threshold with FPR <= `fpr` on `neg_scores`, never below `floor`."""
    q = float(np.quantile(neg_scores, 1 - fpr, method="higher"))
    return round(max(floor, min(0.999, q + 1e-4)), 4)


def runtime_attack_scores(att: np.ndarray) -> np.ndarray:
    """[rows, 2] prompt_injection / jailbreak scores as the runtime reports them (mass_to_top).

    The rule of ``shield_middleware.ml.engine.mass_to_top``, restated for the 3-label head:
    .venv-train does not install the runtime's dependencies.
    """
    p_any = 1 - att[:, 0]
    top_is_injection = att[:, 1] >= att[:, 2]
    return np.stack(
        [np.where(top_is_injection, p_any, att[:, 1]), np.where(top_is_injection, att[:, 2], p_any)], axis=1
    )


def run_metrics(work: Path) -> dict[str, Any]:
    """The metrics of the variant a run shipped (``final.json`` names the file)."""
    final_file = work / "final.json"
    if not final_file.exists():
        raise FileNotFoundError(f"{final_file} missing: run that part first (run_all --part holdout|ship)")
    final = json.loads(final_file.read_text())
    metrics: dict[str, Any] = json.loads((work / final["metrics_file"]).read_text())
    return metrics


def flagged_at(runtime: np.ndarray, thresholds: dict[str, dict[str, float]], level: str) -> np.ndarray:
    """Rows the runtime flags at `level`: either attack category at or over its threshold."""
    return np.asarray(
        (runtime[:, 0] >= thresholds["prompt_injection"][level]) | (runtime[:, 1] >= thresholds["jailbreak"][level])
    )


def stricter_than_holdout(own: dict[str, dict[str, float]]) -> dict[str, dict[str, float]]:
    """Per category and level, the stricter of the ship run's threshold and the holdout run's.

    The ship run's validation split is in-distribution: its benign prompts come from sources it
    trained on, so its thresholds fall to the floors (v3: prompt_injection block 0.5), and on
    sources the recipe never saw the holdout model flagged 28 % of WildGuard's benign prompts
    and 63 % of benign code documents at such thresholds. The holdout run's thresholds were set
    on benign text from unseen sources: they say how high this recipe's scores go on new benign
    data.
    """
    held = run_metrics(config.HOLDOUT_WORK)["thresholds"]
    return {cat: {lvl: max(v, held[cat][lvl]) for lvl, v in levels.items()} for cat, levels in own.items()}


def evaluate(model: Path) -> dict[str, Any]:
    """Score val.jsonl with an exported model and compute every reported figure; writes
    work/metrics.<model stem>.json."""
    rows = read_jsonl(config.WORK / "val.jsonl")
    if os.environ.get("SHIELD_SMOKE") == "1":  # quick pipeline check on every 20th row
        rows = rows[::20]
    att, tox = score_texts(session(model), tokenizer(), [r["text"] for r in rows])
    out = metrics_from_scores(rows, att, tox, all_sources=config.ALL_SOURCES)
    out = {"model": model.name, **out}
    (config.WORK / f"metrics.{model.stem}.json").write_text(json.dumps(out, indent=1))
    return out


def metrics_from_scores(
    rows: list[dict[str, Any]], att: np.ndarray, tox: np.ndarray, *, all_sources: bool
) -> dict[str, Any]:
    """Every reported figure from the attack [N,3] and toxicity [N,6] probabilities of `rows`.

    `all_sources` (the ship run) keeps the split's own thresholds apart and reports the
    stricter of them and the holdout run's (`stricter_than_holdout`). Separate from the
    scoring so that a GPU run (training/gpu_sweep.py) computes the same figures from its
    own scores.
    """
    src = np.array([r["source"] for r in rows])
    y_att = np.array([r["attack"] for r in rows])
    p_any = 1 - att[:, 0]
    is_tox = np.isin(src, TOX_SOURCES)
    is_indist = np.isin(src, IN_DIST)
    prompt = ~is_tox & ~is_indist  # held-out sources + generated validation families
    y = (y_att[prompt] > 0).astype(int)
    s = p_any[prompt]
    out: dict[str, Any] = {"n_val": len(rows)}
    pa: dict[str, Any] = {
        "roc_auc": round(float(roc_auc_score(y, s)), 4),
        "n_attack": int(y.sum()),
        "n_benign": int((1 - y).sum()),
    }
    for f in (0.01, 0.001):
        rec, thr_f = recall_at_fpr(y, s, f)
        pa[f"recall_at_{f * 100:g}pct_fpr"] = round(rec, 4)
        pa[f"threshold_at_{f * 100:g}pct_fpr"] = round(thr_f, 4)
    # AUC restricted to real held-out sources (no generated rows).
    real = prompt & ~np.char.startswith(src.astype(str), "gen_")
    pa["roc_auc_real_sources_only"] = round(float(roc_auc_score((y_att[real] > 0).astype(int), p_any[real])), 4)
    out["prompt_attack"] = pa

    # Thresholds per category from held-out benign prompts (held-out sources + generated
    # hard negatives + benign documents).
    benign = prompt & (y_att == 0)
    # The runtime's category scores: the head is registered with mass_to_top, so the likelier
    # attack label carries P(attack) = 1 - P(benign) and the other keeps its own probability.
    runtime = runtime_attack_scores(att)
    thresholds: dict[str, dict[str, float]] = {}
    for cat, col in (("prompt_injection", 0), ("jailbreak", 1)):
        thresholds[cat] = {
            "block": threshold_at(runtime[benign, col], BLOCK_FPR, BLOCK_FLOOR),
            "annotate": threshold_at(runtime[benign, col], ANNOTATE_FPR, ANNOTATE_FLOOR),
        }
    thresholds["attack_any"] = {
        "block": threshold_at(p_any[benign], BLOCK_FPR, BLOCK_FLOOR),
        "annotate": threshold_at(p_any[benign], ANNOTATE_FPR, ANNOTATE_FLOOR),
    }
    # Toxicity: max of six sigmoids; negatives are non-toxic comments plus benign prompts.
    tmax = tox.max(axis=1)
    tox_y = np.array([(r["tox"] or [0])[0] for r in rows])
    nontox = (is_tox & (tox_y == 0)) | benign
    thresholds["toxicity"] = {
        "block": threshold_at(tmax[nontox], BLOCK_FPR, BLOCK_FLOOR),
        "annotate": threshold_at(tmax[nontox], ANNOTATE_FPR, ANNOTATE_FLOOR),
    }
    if all_sources:
        out["thresholds_own_split"] = thresholds
        thresholds = stricter_than_holdout(thresholds)
    out["thresholds"] = thresholds

    # Per-source rates as the runtime flags them: either attack category over its threshold.
    flagged = {level: flagged_at(runtime, thresholds, level) for level in ("block", "annotate")}

    per_source: dict[str, Any] = {}
    for name in sorted(set(src.tolist())):
        m = src == name
        per_source[name] = {
            "n": int(m.sum()),
            "label": "attack" if (y_att[m] > 0).all() else "benign" if (y_att[m] == 0).all() else "mixed",
            "flag_rate_block": round(float(flagged["block"][m].mean()), 4),
            "flag_rate_annotate": round(float(flagged["annotate"][m].mean()), 4),
            "mean_p_attack": round(float(p_any[m].mean()), 4),
        }
        if per_source[name]["label"] == "mixed":  # deepset: split by label
            for lab, mm in (("attack", m & (y_att > 0)), ("benign", m & (y_att == 0))):
                per_source[f"{name}|{lab}"] = {
                    "n": int(mm.sum()),
                    "label": lab,
                    "flag_rate_block": round(float(flagged["block"][mm].mean()), 4),
                    "flag_rate_annotate": round(float(flagged["annotate"][mm].mean()), 4),
                    "mean_p_attack": round(float(p_any[mm].mean()), 4),
                }
        if name in TOX_SOURCES:
            per_source[name]["toxicity_flag_rate_block"] = round(
                float((tmax[m] >= thresholds["toxicity"]["block"]).mean()), 4
            )
    out["per_source"] = per_source
    kinds: dict[str, list[bool]] = {}
    blocked = flagged["block"]
    for i, r in enumerate(rows):
        if r["source"].startswith(("gen_", "bipia_")):
            fam = r["source"].rsplit("_", 1)[0] + ":" + r["kind"].split("+")[0]
            kinds.setdefault(fam, []).append(bool(blocked[i]))
    out["generated_kind_flag_rate_block"] = {
        fam: {"n": len(v), "rate": round(float(np.mean(v)), 4)} for fam, v in sorted(kinds.items())
    }

    # Toxicity ROC-AUC per label on each held-out set (labels with both classes only).
    tox_auc: dict[str, Any] = {}
    for name in TOX_SOURCES:
        m = src == name
        if not m.any():  # a split without this source (a smoke run's sample)
            continue
        labels = np.array([rows[i]["tox"] for i in np.flatnonzero(m)])
        per: dict[str, float] = {}
        for j, lab in enumerate(config.TOX_LABELS):
            known = labels[:, j] >= 0
            yy = labels[known, j]
            if yy.min() != yy.max():
                per[lab] = round(float(roc_auc_score(yy, tox[m][known, j])), 4)
        tox_auc[name] = {"per_label": per, "mean": round(float(np.mean(list(per.values()))), 4)}
    out["toxicity_roc_auc"] = tox_auc
    return out


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--model", type=Path, default=config.WORK / "model.fp32.onnx")
    res = evaluate(ap.parse_args().model)
    print(json.dumps({k: res[k] for k in ("prompt_attack", "thresholds", "toxicity_roc_auc")}, indent=1))
