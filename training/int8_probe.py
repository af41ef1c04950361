"""Does this machine have a faster int8 path for the shipped model that keeps its scores?

    .venv-train/bin/python -m training.int8_probe [N_TEXTS]

The shipped file is weight-only int8 (`weight_only.py`): float activations, so fp32 speed.
Activation-quantising variants compute in int8 (VNNI where the CPU has it) but move scores.
This probe needs no fp32 export: it folds the shipped file back to float weights (exactly
the weights the runtime computes with), builds int8-compute variants from them, and measures
each against the shipped file on the same machine in one run:

- ``dynamic``: ``quantize_dynamic`` (per-channel weights, one activation scale per call);
- ``dynamic_qkv``: the same on the attention's query / key / value projections only (the
  least sensitive group measured), everything else float;
- ``nbits8``: onnxruntime's ``MatMulNBits``, 8-bit weights in blocks of 32 (the shipped
  blocks) with int8 compute (``accuracy_level=4``: activations quantised per block of each
  row, so batch-invariant).

Latency: batch 1, one intra-op thread, median of interleaved runs per sequence length.
Agreement: texts sampled from ../shared/data (prompts and toxicity), scored one per run,
largest probability change vs the shipped file and decisions flipped at 0.5. The result goes
to training/work/int8_probe.json. A variant could replace weight-only only if it is
faster and within the fp32 tolerance (0.05) of the shipped file's own weights.
"""

from __future__ import annotations

import json
import platform
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import onnx
import onnxruntime as ort
from onnxruntime.quantization import QuantType, quantize_dynamic

from benchmarks.machine import cpu_model
from training import config
from training.data_sources import load_prompts, load_toxicity
from training.onnx_scoring import run_batch, session
from training.quantize import agreement

SHIPPED = config.MODEL_DIR / "model.onnx"
OUT = config.WORK_ROOT / "int8_probe"
LENGTHS = (16, 64, 96, 128)
REPEATS = 25


def fold(src: Path, dst: Path) -> Path:
    """The shipped graph with its Cast+Mul weights folded to float (onnxruntime's basic level)."""
    options = ort.SessionOptions()
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_BASIC
    options.optimized_model_filepath = str(dst)
    ort.InferenceSession(str(src), options, providers=["CPUExecutionProvider"])
    return dst


def weight_matmuls(model: onnx.ModelProto) -> list[str]:
    constants = {i.name for i in model.graph.initializer}
    return [n.name for n in model.graph.node if n.op_type == "MatMul" and n.input[1] in constants]


def build(name: str, folded: Path) -> Path:
    out = OUT / f"{name}.onnx"
    if name == "nbits8":
        # Imported here: the quantizer needs onnx_ir, which only this variant uses.
        from onnxruntime.quantization.matmul_nbits_quantizer import (
            DefaultWeightOnlyQuantConfig,
            MatMulNBitsQuantizer,
        )

        settings = DefaultWeightOnlyQuantConfig(block_size=32, is_symmetric=True, accuracy_level=4, bits=8)
        quantizer = MatMulNBitsQuantizer(onnx.load(str(folded)), algo_config=settings)
        quantizer.process()
        quantizer.model.save_model_to_file(str(out), False)
        return out
    names = weight_matmuls(onnx.load(str(folded)))
    projections = ("/query/", "/key/", "/value/")
    keep_float = [n for n in names if not any(p in n for p in projections)] if name == "dynamic_qkv" else []
    quantize_dynamic(
        str(folded),
        str(out),
        per_channel=True,
        reduce_range=False,
        weight_type=QuantType.QInt8,
        op_types_to_quantize=["MatMul"],
        nodes_to_exclude=keep_float,
    )
    return out


def latencies(paths: dict[str, Path]) -> dict[str, dict[str, float]]:
    """Median ms per length, the variants interleaved so that load on the box hits all alike."""
    sessions = {name: session(path, threads=1) for name, path in paths.items()}
    out: dict[str, dict[str, float]] = {name: {} for name in paths}
    for n in LENGTHS:
        ids = [[101] + [2000 + (i * 37) % 20000 for i in range(n - 2)] + [102]]
        times: dict[str, list[float]] = {name: [] for name in paths}
        for sess in sessions.values():
            run_batch(sess, ids)
        for _ in range(REPEATS):
            for name, sess in sessions.items():
                started = time.perf_counter()
                run_batch(sess, ids)
                times[name].append((time.perf_counter() - started) * 1000)
        for name in paths:
            out[name][str(n)] = round(statistics.median(times[name]), 2)
    return out


def sample_texts(n: int) -> list[str]:
    rows = [r["text"] for r in load_prompts()] + [r["text"] for r in load_toxicity()]
    return random.Random(config.SEED).sample(rows, n)


def main(n_texts: int = 1000) -> dict[str, Any]:
    OUT.mkdir(parents=True, exist_ok=True)
    folded = fold(SHIPPED, OUT / "folded.onnx")
    variants = {name: build(name, folded) for name in ("dynamic", "dynamic_qkv", "nbits8")}
    texts = sample_texts(n_texts)
    report: dict[str, Any] = {
        "machine": {"cpu": cpu_model(), "vnni": _has_flag("avx512_vnni") or _has_flag("avx_vnni")},
        "onnxruntime": ort.__version__,
        "python": platform.python_version(),
        "latency_ms_1thread": latencies({"shipped": SHIPPED, **variants}),
        "vs_shipped": {name: agreement(SHIPPED, path, texts) for name, path in variants.items()},
        "n_texts": n_texts,
    }
    (config.WORK_ROOT / "int8_probe.json").write_text(json.dumps(report, indent=1))
    return report


def _has_flag(flag: str) -> bool:
    try:
        flags = next(line for line in Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("flags"))
    except (OSError, StopIteration):
        return False
    return flag in flags.split(":", 1)[1].split()


if __name__ == "__main__":
    print(json.dumps(main(*(int(a) for a in sys.argv[1:2])), indent=1))
