"""Reproduce the shipped model end to end.

    .venv-train/bin/python -m training.run_all [--part holdout|ship|both] [--from STAGE]

Two runs of the same recipe, each in its own work folder:

- **holdout** (`training/work/holdout`): whole sources held out from training; its evaluation
  gives the card's validation figures (what the recipe does on sources it never saw).
- **ship** (`training/work/ship`, `SHIELD_ALL_SOURCES=1`): the same recipe trained on every
  source (the held-out ones keep a 20 % row split for thresholds); this is the model in
  `models/`, with its registry entry and card.

Stages: dataset, teacher (the six-layer model a student learns from; skipped when
SHIELD_STUDENT_LAYERS is 0), train, export, quantize, finalize, evaluate, hybrid (the runtime's
hybrid decisions on held-out sources; holdout run only), registry, shift_check, card (the
holdout run stops after hybrid). The train stage fine-tunes the soup's eight members
(`SHIELD_SOUP_SEEDS`, training/soup.py): 45-60 minutes each on 2 CPU cores, so 6-8 hours a
run; `SHIELD_TRAIN_DEVICE=cuda` trains on a GPU instead (two minutes a member on an H200), and
`training/gpu_sweep.py` trains every member of both runs side by side on a lent GPU machine.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from training import config

STAGES = (
    "dataset",
    "teacher",
    "train",
    "export",
    "quantize",
    "finalize",
    "evaluate",
    "hybrid",
    "registry",
    "shift_check",
    "card",
)
HOLDOUT_STAGES = STAGES[: STAGES.index("hybrid") + 1]
# Variants measured per run. The static int8 variants (QDQ and QOperator) were measured on v1
# and moved scores by 0.81-0.89: `python -m training.quantize static_qdq static_qop` re-runs them.
RUN_VARIANTS = ("dynamic", "weight_only")


def run_stage(name: str) -> None:
    """Run one stage (imports are local so early stages do not load torch needlessly)."""
    if name == "dataset":
        from training.build_dataset import build

        build()
    elif name == "teacher":
        if config.STUDENT_LAYERS:
            from training.train import parse_args, train

            train(parse_args(["--out", str(config.WORK / "teacher")]))
    elif name == "train":
        from training.train import parse_args, train

        teacher = config.WORK / "teacher" / "model.pt"
        if config.STUDENT_LAYERS and not teacher.exists():
            raise SystemExit(f"{teacher} is missing: run the teacher stage first (--from teacher)")
        if config.SOUP_SEEDS:
            from training.soup import train_soup

            train_soup(config.SOUP_SEEDS)
            return
        student = ["--layers", str(config.STUDENT_LAYERS), "--teacher", str(teacher)]
        train(parse_args(student if config.STUDENT_LAYERS else []))
    elif name == "export":
        from training.export import export_onnx, save_tokenizer

        export_onnx()
        save_tokenizer()
    elif name == "quantize":
        from training.quantize import main

        # A fresh report: entries from an earlier training would describe other weights.
        (config.WORK / "quant_report.json").unlink(missing_ok=True)
        main(RUN_VARIANTS)
    elif name == "finalize":
        from training.finalize import finalize

        finalize()
    elif name == "evaluate":
        from training.evaluate import evaluate

        final = json.loads((config.WORK / "final.json").read_text())
        evaluate(config.WORK / "model.fp32.onnx")
        evaluate(config.WORK / f"model.{final['variant']}.onnx")
    elif name == "hybrid":
        # The runtime's decisions on held-out sources (needs the runtime: pip install -e .).
        # The ship run's split is in-distribution, so only the holdout run measures this.
        if not config.ALL_SOURCES:
            from training.hybrid_eval import main as hybrid_eval

            hybrid_eval()
    elif name == "registry":
        from training.registry import write_registry

        final = json.loads((config.WORK / "final.json").read_text())
        metrics = json.loads((config.WORK / final["metrics_file"]).read_text())
        write_registry(metrics, final["quantization"], final["batch_invariant"])
    elif name == "shift_check":
        from training.shift_check import main as shift_check

        shift_check()
    elif name == "card":
        from training.card import write_card

        write_card()


def run_stages(start: str) -> None:
    """Run this process's part (set by the environment) from `start` onwards, timing each."""
    stages = STAGES if config.ALL_SOURCES else HOLDOUT_STAGES
    config.WORK.mkdir(parents=True, exist_ok=True)
    counts = config.WORK / "dataset_counts.json"
    if start != STAGES[0] and counts.exists():
        built = json.loads(counts.read_text())
        built_with = built.get("all_sources", False)
        if built_with != config.ALL_SOURCES:
            raise SystemExit(
                f"{counts}: dataset built with all_sources={built_with}, this run has {config.ALL_SOURCES}"
            )
        recipe = built.get("recipe", 4)
        if recipe != config.RECIPE:
            raise SystemExit(f"{counts}: dataset built with recipe {recipe}, this run has {config.RECIPE}")
    path = config.WORK / "stage_times.json"
    timings: dict[str, float] = json.loads(path.read_text()) if path.exists() else {}
    for name in stages[stages.index(start) :]:
        t0 = time.time()
        run_stage(name)
        timings[name] = round(time.time() - t0, 1)
        path.write_text(json.dumps(timings, indent=1))
        with (config.WORK / "STATUS.txt").open("a") as fh:
            fh.write(time.strftime("%H:%M:%S ") + f"stage {name} done in {timings[name]:.0f}s\n")


def part_env(part: str) -> dict[str, str]:
    """Environment of one part: its work folder, and where its models/ folder goes."""
    env = dict(os.environ, OMP_WAIT_POLICY="PASSIVE")
    if part == "holdout":
        env.update(SHIELD_WORK=str(config.HOLDOUT_WORK), SHIELD_MODELS=str(config.HOLDOUT_WORK / "models"))
        env.pop("SHIELD_ALL_SOURCES", None)
    else:
        env.update(SHIELD_WORK=str(config.SHIP_WORK), SHIELD_ALL_SOURCES="1")
    return env


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--part", choices=("holdout", "ship", "both"), default="both")
    ap.add_argument("--from", dest="start", choices=STAGES, default=STAGES[0])
    ap.add_argument("--in-process", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.in_process:
        run_stages(args.start)
        return
    if args.part == "both" and args.start != STAGES[0]:
        ap.error("--from needs --part holdout or --part ship")
    if args.part == "holdout" and args.start not in HOLDOUT_STAGES:
        ap.error(f"the holdout part ends with {HOLDOUT_STAGES[-1]!r}")
    needed = config.HOLDOUT_WORK / "metrics.model.fp32.json"
    if args.part == "ship" and not needed.exists():
        ap.error(f"the ship run's card needs the holdout run's results ({needed}): run --part holdout first")
    for part in ("holdout", "ship") if args.part == "both" else (args.part,):
        cmd = [sys.executable, "-m", "training.run_all", "--in-process", "--from", args.start]
        subprocess.run(cmd, env=part_env(part), check=True)


if __name__ == "__main__":
    main()
