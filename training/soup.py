"""Weight averaging ("model soup") of fine-tunes that differ only in batch order and dropout.

Fine-tunes of one pre-trained encoder with the same head initialisation stay in one basin of
the loss, so the average of their weights is itself a good model, and on data unlike the
training data it is usually better than the members (Wortsman et al., "Model soups: averaging
weights of multiple fine-tuned models improves accuracy without increasing inference time",
ICML 2022). The soup costs nothing at run time: it is one model. Held-out figures of soups vs
their members: training/README.md.

    SHIELD_SOUP_SEEDS=20240611,2,3,4 .venv-train/bin/python -m training.run_all ...

makes the train stage train one member per seed into work/soup/<seed>/ (a member already
there, trained from the same rows, is reused: GPU runs drop theirs in) and average them into
work/model.pt.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import torch

from training import config


def member_dir(work: Path, seed: int) -> Path:
    """Where the member trained with batch-order seed `seed` keeps its checkpoint."""
    return work / "soup" / str(seed)


def member_args(work: Path, seed: int) -> list[str]:
    """`train.py` arguments of the member with batch-order seed `seed`: the soup's shared head
    initialisation, its own seed, its own folder."""
    return ["--seed", str(seed), "--init-seed", str(config.SEED), "--out", str(member_dir(work, seed))]


def average(paths: Sequence[Path]) -> dict[str, torch.Tensor]:
    """The element-wise mean of the checkpoints' tensors (float32; integer buffers from the
    first checkpoint, which all members share)."""
    if not paths:
        raise ValueError("a soup needs at least one member")
    states = [torch.load(p, map_location="cpu") for p in paths]
    keys = set(states[0])
    for p, st in zip(paths[1:], states[1:], strict=True):
        if set(st) != keys:
            raise ValueError(f"{p} holds other tensors than {paths[0]}: not members of one soup")
    soup: dict[str, torch.Tensor] = {}
    for k, first in states[0].items():
        if first.is_floating_point():
            soup[k] = torch.stack([st[k].float() for st in states]).mean(dim=0)
        else:
            soup[k] = first.clone()
    return soup


def interpolate(
    fine_tuned: dict[str, torch.Tensor], start: dict[str, torch.Tensor], alpha: float
) -> dict[str, torch.Tensor]:
    """alpha * fine-tuned + (1 - alpha) * pre-trained for every tensor both hold (the encoder;
    the heads, which the pre-trained model lacks, stay fine-tuned): WiSE-FT (Wortsman et
    al., CVPR 2022)."""
    out = dict(fine_tuned)
    for k, v in fine_tuned.items():
        if k in start and v.is_floating_point():
            out[k] = alpha * v + (1 - alpha) * start[k].to(v.dtype)
    return out


def member_is_current(work: Path, seed: int, init_seed: int) -> bool:
    """A member checkpoint exists and was trained, to the end, on this work folder's rows."""
    folder = member_dir(work, seed)
    summary = folder / "train_summary.json"
    if not (folder / "model.pt").exists() or not summary.exists():
        return False
    s = json.loads(summary.read_text())
    rows = sum(1 for _ in (work / "train.jsonl").open(encoding="utf-8"))
    done = s.get("steps_done") == s.get("steps_planned")
    return bool(done and s.get("rows") == rows and s.get("seed") == seed and s.get("init_seed") == init_seed)


def soup_summary(members: Sequence[dict[str, Any]], side_by_side: bool) -> dict[str, Any]:
    """One train_summary.json for the soup: the members' shared settings, their seeds, steps
    and the wall time (the longest member's when they trained side by side, else the sum)."""
    walls = [float(m["wall_seconds"]) for m in members]
    summary = dict(members[0])
    summary.update(
        seed=None,
        soup_seeds=[m["seed"] for m in members],
        steps_done=[m["steps_done"] for m in members],
        steps_planned=[m["steps_planned"] for m in members],
        wall_seconds=round(max(walls) if side_by_side else sum(walls), 1),
        members_side_by_side=side_by_side,
        final_running_ce=[m["final_running_ce"] for m in members],
        final_running_bce=[m["final_running_bce"] for m in members],
    )
    return summary


def write_soup(paths: Sequence[Path], summaries: Sequence[dict[str, Any]], work: Path, side_by_side: bool) -> Path:
    """Average the members into work/model.pt and describe the soup in work/train_summary.json."""
    torch.save(average(paths), work / "model.pt")
    (work / "train_summary.json").write_text(json.dumps(soup_summary(summaries, side_by_side), indent=1))
    return work / "model.pt"


def train_soup(seeds: Sequence[int], work: Path = config.WORK) -> Path:
    """Train (or reuse) one member per seed, then write their average to work/model.pt."""
    from training.train import parse_args, train

    for seed in seeds:
        if not member_is_current(work, seed, config.SEED):
            train(parse_args(member_args(work, seed)))
    folders = [member_dir(work, s) for s in seeds]
    summaries = [json.loads((f / "train_summary.json").read_text()) for f in folders]
    return write_soup([f / "model.pt" for f in folders], summaries, work, side_by_side=False)
