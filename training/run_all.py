"""Reproduce the shipped model end to end.

    .venv-train/bin/python -m training.run_all [--from STAGE]

Stages: dataset, train, export, quantize, finalize, evaluate, registry, card.
About 60-75 minutes on 2 CPU cores, almost all of it in `train`.
"""

from __future__ import annotations

import argparse
import json
import os
import time

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from training import config

STAGES = ("dataset", "train", "export", "quantize", "finalize", "evaluate", "registry", "card")


def run_stage(name: str) -> None:
    """Run one stage (imports are local so early stages do not load torch needlessly)."""
    if name == "dataset":
        from training.build_dataset import build

        build()
    elif name == "train":
        from training.train import parse_args, train

        train(parse_args([]))
    elif name == "export":
        from training.export import export_onnx, save_tokenizer

        export_onnx()
        save_tokenizer()
    elif name == "quantize":
        from training.quantize import main

        main()
    elif name == "finalize":
        from training.finalize import finalize

        finalize()
    elif name == "evaluate":
        from training.evaluate import evaluate

        final = json.loads((config.WORK / "final.json").read_text())
        evaluate(config.WORK / "model.fp32.onnx")
        evaluate(config.WORK / f"model.{final['variant']}.onnx")
    elif name == "registry":
        from training.registry import write_registry

        final = json.loads((config.WORK / "final.json").read_text())
        metrics = json.loads((config.WORK / final["metrics_file"]).read_text())
        write_registry(metrics, final["quantization"], final["batch_invariant"])
    elif name == "card":
        from training.card import write_card

        write_card()


def main() -> None:
    """Run the stages from --from onwards, timing each."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--from", dest="start", choices=STAGES, default=STAGES[0])
    args = ap.parse_args()
    config.WORK.mkdir(parents=True, exist_ok=True)
    timings: dict[str, float] = {}
    path = config.WORK / "stage_times.json"
    if path.exists():
        timings = json.loads(path.read_text())
    for name in STAGES[STAGES.index(args.start) :]:
        t0 = time.time()
        run_stage(name)
        timings[name] = round(time.time() - t0, 1)
        path.write_text(json.dumps(timings, indent=1))
        with (config.WORK / "STATUS.txt").open("a") as fh:
            fh.write(time.strftime("%H:%M:%S ") + f"stage {name} done in {timings[name]:.0f}s\n")


if __name__ == "__main__":
    main()
