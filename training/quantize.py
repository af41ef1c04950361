"""Quantise the fp32 export to int8 in several ways, measure each, and ship the chosen one.

    .venv-train/bin/python -m training.quantize

Variants (the onnxruntime ones per_channel=True, reduce_range=False, DESIGN.md):
- dynamic:      quantize_dynamic; activation scales are computed per call over the whole
                batch, so a text's score depends on its batch mates.
- static_qdq:   quantize_static, QDQ format, MinMax calibration on training texts.
- static_qop:   quantize_static, QOperator format (QLinearMatMul ...), same calibration.
- weight_only:  int8 weights in blocks stored in the file (Cast and Mul, folded into float
                weights when the session loads), float activations; see weight_only.py.
Static scales are fixed at calibration time and weight-only never quantises activations, so
padded batches cannot move a text's score in those variants.
"""

from __future__ import annotations

import json
import os
import random
import statistics
import time
from pathlib import Path
from typing import Any

import numpy as np
from onnxruntime.quantization import (
    CalibrationDataReader,
    CalibrationMethod,
    QuantFormat,
    QuantType,
    quantize_dynamic,
    quantize_static,
)
from onnxruntime.quantization.shape_inference import quant_pre_process

from training import config
from training.data_sources import read_jsonl
from training.export import FP32_PATH
from training.onnx_scoring import run_batch, score_texts, session, tokenizer
from training.weight_only import quantize_weight_only

N_CALIBRATION = 300
# SHIELD_SMOKE=1 shrinks every loop so the pipeline can be checked in a minute.
SMOKE = os.environ.get("SHIELD_SMOKE") == "1"
OP_TYPES = ["MatMul", "Gather"]  # weights of every linear layer and the embeddings
VARIANTS = ("dynamic", "static_qdq", "static_qop", "weight_only")


class TextReader(CalibrationDataReader):  # type: ignore[misc]
    """Feeds calibration texts one at a time (batch 1, no padding)."""

    def __init__(self, id_lists: list[list[int]]) -> None:
        self._items = iter(id_lists)

    def get_next(self) -> dict[str, np.ndarray] | None:
        """Next calibration input, or None when exhausted."""
        ids = next(self._items, None)
        if ids is None:
            return None
        arr = np.asarray([ids], dtype=np.int64)
        return {"input_ids": arr, "attention_mask": np.ones_like(arr)}


def calibration_ids() -> list[list[int]]:
    """A fixed, stratified sample of training texts (attacks, benign, toxicity, docs)."""
    rows = read_jsonl(config.WORK / "train.jsonl")
    rng = random.Random(config.SEED + 1)
    rng.shuffle(rows)
    by_attack: dict[int, list[str]] = {0: [], 1: [], 2: []}
    for r in rows:
        by_attack[r["attack"]].append(r["text"])
    texts = by_attack[0][:150] + by_attack[1][:90] + by_attack[2][:60]
    tok = tokenizer()
    return [e.ids for e in tok.encode_batch(texts[: 20 if SMOKE else N_CALIBRATION])]


def build_variant(name: str, pre: Path, ids: list[list[int]]) -> Path:
    """Write training/work/model.<name>.onnx."""
    out = config.WORK / f"model.{name}.onnx"
    if name == "weight_only":
        return quantize_weight_only(FP32_PATH, out)
    if name == "dynamic":
        quantize_dynamic(
            str(pre),
            str(out),
            per_channel=True,
            reduce_range=False,
            weight_type=QuantType.QInt8,
            op_types_to_quantize=OP_TYPES,
        )
        return out
    quantize_static(
        str(pre),
        str(out),
        TextReader(ids),
        quant_format=QuantFormat.QDQ if name == "static_qdq" else QuantFormat.QOperator,
        op_types_to_quantize=OP_TYPES,
        per_channel=True,
        reduce_range=False,
        activation_type=QuantType.QUInt8,
        weight_type=QuantType.QInt8,
        calibrate_method=CalibrationMethod.MinMax,
        # Only MatMuls with a constant weight: attention score products stay in float.
        extra_options={"MatMulConstBOnly": True},
    )
    return out


def latency_ms(
    path: Path, lengths: tuple[int, ...] = (16, 64, 256), reps: int = 3 if SMOKE else 30
) -> dict[str, float]:
    """Median batch-1 latency with one intra-op thread, per sequence length."""
    sess = session(path, threads=1)
    out: dict[str, float] = {}
    for n in lengths:
        ids = [[101] + [2000 + (i * 37) % 20000 for i in range(n - 2)] + [102]]
        run_batch(sess, ids)
        times = []
        for _ in range(reps):
            t = time.perf_counter()
            run_batch(sess, ids)
            times.append((time.perf_counter() - t) * 1000)
        out[str(n)] = round(statistics.median(times), 2)
    return out


def batch_invariance(path: Path, texts: list[str]) -> float:
    """Max |score alone - score in a padded batch of 8 mixed-length texts| over all outputs."""
    sess = session(path)
    tok = tokenizer()
    alone_a, alone_t = score_texts(sess, tok, texts, batch=1)
    ids = [e.ids for e in tok.encode_batch(texts)]
    worst = 0.0
    rng = random.Random(7)
    order = list(range(len(texts)))
    rng.shuffle(order)  # mixed lengths inside each batch, so padding is heavy
    for s in range(0, len(order), 8):
        chunk = order[s : s + 8]
        a, t = run_batch(sess, [ids[i] for i in chunk])
        worst = max(worst, float(np.abs(a - alone_a[chunk]).max()), float(np.abs(t - alone_t[chunk]).max()))
    return worst


def agreement(fp32: Path, q: Path, texts: list[str]) -> dict[str, float]:
    """int8 vs fp32 at batch 1: max probability difference and flipped 0.5-decisions."""
    tok = tokenizer()
    fa, ft = score_texts(session(fp32), tok, texts)
    qa, qt = score_texts(session(q), tok, texts)
    f_att, q_att = 1 - fa[:, 0], 1 - qa[:, 0]
    flips = (np.argmax(fa, 1) != np.argmax(qa, 1)) | ((f_att >= 0.5) != (q_att >= 0.5))
    tflips = (ft.max(1) >= 0.5) != (qt.max(1) >= 0.5)
    return {
        "max_abs_diff_attack": round(float(np.abs(fa - qa).max()), 4),
        "mean_abs_diff_attack": round(float(np.abs(fa - qa).mean()), 5),
        "max_abs_diff_toxicity": round(float(np.abs(ft - qt).max()), 4),
        "attack_flip_rate": round(float(flips.mean()), 5),
        "toxicity_flip_rate": round(float(tflips.mean()), 5),
    }


def main(variants: tuple[str, ...] = VARIANTS) -> dict[str, Any]:
    """Build, measure and compare the variants; results in training/work/quant_report.json."""
    pre = config.WORK / "model.pre.onnx"
    quant_pre_process(str(FP32_PATH), str(pre), skip_symbolic_shape=True)
    ids = calibration_ids()
    val = read_jsonl(config.WORK / "val.jsonl")
    rng = random.Random(config.SEED + 2)
    rng.shuffle(val)
    sample = [r["text"] for r in val[: 100 if SMOKE else 1500]]
    # Re-running a subset of variants keeps the others' earlier measurements.
    path = config.WORK / "quant_report.json"
    report: dict[str, Any] = json.loads(path.read_text()) if path.exists() and set(variants) != set(VARIANTS) else {}
    report["fp32"] = {"latency_ms_1thread": latency_ms(FP32_PATH), "size_bytes": FP32_PATH.stat().st_size}
    for name in variants:
        t0 = time.time()
        path = build_variant(name, pre, ids)
        report[name] = {
            "build_seconds": round(time.time() - t0, 1),
            "size_bytes": path.stat().st_size,
            "latency_ms_1thread": latency_ms(path),
            "batch_invariance_max_diff": round(batch_invariance(path, sample[:400]), 5),
            "vs_fp32_on_1500_val_texts": agreement(FP32_PATH, path, sample),
        }
        (config.WORK / "quant_report.json").write_text(json.dumps(report, indent=1))
    return report


def remeasure_latency() -> dict[str, Any]:
    """Re-time every variant back to back (same load on the box) and update the report."""
    path = config.WORK / "quant_report.json"
    report: dict[str, Any] = json.loads(path.read_text())
    for name in report:
        model = FP32_PATH if name == "fp32" else config.WORK / f"model.{name}.onnx"
        report[name]["latency_ms_1thread"] = latency_ms(model)
    path.write_text(json.dumps(report, indent=1))
    return report


if __name__ == "__main__":
    import sys

    if sys.argv[1:] == ["--latency"]:
        print(json.dumps(remeasure_latency(), indent=1))
        raise SystemExit(0)
    print(json.dumps(main(tuple(sys.argv[1:]) or VARIANTS), indent=1))
