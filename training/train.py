"""Fine-tune the two-head model on training/work/train.jsonl (CPU, 2 threads, or a CUDA GPU).

.venv-train/bin/python -m training.train [--epochs 1] [--lr 5e-5] [--max-tokens 4096] [--device cuda]

SHIELD_TRAIN_DEVICE sets the default device (run_all calls this stage without arguments).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")
# Spinning OpenMP workers are ~4x slower when other processes share the 2 cores (measured:
# 8.5 s vs 2.1 s per step); passive waiting loses nothing on an idle box.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import torch
from tokenizers import Tokenizer
from torch import nn

from training import config
from training.data_sources import read_jsonl
from training.distill import distill_losses, init_from_teacher, teacher_logits
from training.model import ShieldModel, pad_batch
from training.probe import fit_heads, pooled_features

WARMUP = 0.05  # fraction of progress spent warming up the learning rate


def load_tokenizer() -> Tokenizer:
    """Base tokenizer with truncation at MAX_LENGTH and no padding (we pad per batch)."""
    tok = Tokenizer.from_file(str(config.base_model_path() / "tokenizer.json"))
    tok.no_padding()
    tok.enable_truncation(max_length=config.MAX_LENGTH)
    return tok


def make_batches(lengths: list[int], max_tokens: int, max_batch: int, rng: random.Random) -> list[list[int]]:
    """Length-bucketed batches under a padded-token budget, in random order.

    Sorting within large shuffled chunks keeps padding low while mixing sources.
    """
    idx = list(range(len(lengths)))
    rng.shuffle(idx)
    batches: list[list[int]] = []
    chunk = 2000
    for c in range(0, len(idx), chunk):
        part = sorted(idx[c : c + chunk], key=lambda i: lengths[i])
        cur: list[int] = []
        cur_max = 0
        for i in part:
            new_max = max(cur_max, lengths[i])
            if cur and (new_max * (len(cur) + 1) > max_tokens or len(cur) >= max_batch):
                batches.append(cur)
                cur, new_max = [], lengths[i]
            cur.append(i)
            cur_max = new_max
        if cur:
            batches.append(cur)
    rng.shuffle(batches)
    return batches


def collate(encs: list[list[int]], rows: list[dict[str, Any]], batch: list[int]) -> dict[str, torch.Tensor]:
    """Pad one batch and build label tensors (-1 = masked)."""
    ids, mask = pad_batch(encs, batch)
    attack = torch.tensor([rows[i]["attack"] for i in batch], dtype=torch.long)
    tox = torch.tensor(
        [rows[i]["tox"] if rows[i]["tox"] is not None else [-1] * 6 for i in batch],
        dtype=torch.float32,
    )
    return {"input_ids": ids, "attention_mask": mask, "attack": attack, "tox": tox}


def losses(
    attack_logits: torch.Tensor, tox_logits: torch.Tensor, b: dict[str, torch.Tensor], label_smoothing: float = 0.0
) -> tuple[torch.Tensor, torch.Tensor]:
    """Cross-entropy on the attack head (optionally label-smoothed), masked BCE on the toxicity head."""
    ce = nn.functional.cross_entropy(attack_logits, b["attack"], ignore_index=-1, label_smoothing=label_smoothing)
    known = b["tox"] >= 0
    if known.any():
        bce = nn.functional.binary_cross_entropy_with_logits(tox_logits[known], b["tox"][known])
    else:
        bce = tox_logits.sum() * 0.0
    return ce, bce


def write_status(line: str) -> None:
    """Append a progress line to training/work/STATUS.txt."""
    with (config.WORK / "STATUS.txt").open("a", encoding="utf-8") as fh:
        fh.write(time.strftime("%H:%M:%S ") + line + "\n")


def save_checkpoint(model: nn.Module, out: Path) -> None:
    """Write out/model.pt with CPU tensors (export loads it on any machine)."""
    torch.save({k: v.detach().cpu() for k, v in model.state_dict().items()}, out / "model.pt")


def train(args: argparse.Namespace) -> dict[str, Any]:
    """Run the fine-tune; saves <out>/model.pt and <out>/train_summary.json, returns the summary."""
    # The heads' initial weights come from --init-seed; batch order and dropout from --seed.
    # Members of a soup (training/soup.py) share the first and differ in the second.
    torch.manual_seed(args.seed if args.init_seed is None else args.init_seed)
    torch.set_num_threads(args.threads)
    device = torch.device(args.device)
    rng = random.Random(args.seed)
    rows = read_jsonl(config.WORK / "train.jsonl")
    tok = load_tokenizer()
    encs = [e.ids for e in tok.encode_batch([r["text"] for r in rows])]
    lengths = [len(e) for e in encs]
    model = ShieldModel(num_layers=args.layers)
    args.out.mkdir(parents=True, exist_ok=True)
    teacher: tuple[torch.Tensor, torch.Tensor] | None = None
    if args.teacher is not None:
        init_from_teacher(model, args.teacher)
        t0 = time.time()
        teacher = teacher_logits(args.teacher, encs, config.WORK / "teacher_logits.pt")
        write_status(f"train: teacher scores for {len(encs)} rows in {time.time() - t0:.0f}s")
    if args.probe != "none":
        if args.teacher is not None:
            raise SystemExit("--probe starts from the pre-trained encoder; a student starts from its teacher")
        t0 = time.time()
        feats = pooled_features(model, encs, config.WORK / "probe_features.pt", device)
        labels = collate(encs, rows, list(range(len(rows))))
        toxicity_only = args.probe == "toxicity"
        ce, bce = fit_heads(model, feats, labels["attack"], labels["tox"], args.tox_weight, toxicity_only=toxicity_only)
        took = time.time() - t0
        write_status(f"train: {args.probe} probe on {len(rows)} rows in {took:.0f}s (ce={ce:.3f} bce={bce:.3f})")
    if args.init_seed is not None and args.init_seed != args.seed:
        torch.manual_seed(args.seed)
    model = model.to(device)
    # Frozen word embeddings: cheaper steps and unseen-token embeddings stay pre-trained.
    model.encoder.embeddings.word_embeddings.weight.requires_grad_(False)
    params = [p for p in model.parameters() if p.requires_grad]
    opt = torch.optim.AdamW(params, lr=args.lr, weight_decay=0.01)
    plan = [b for _ in range(args.epochs) for b in make_batches(lengths, args.max_tokens, 64, rng)]
    total = len(plan)
    budget = args.time_budget_min * 60.0
    n_tokens = sum(max(lengths[i] for i in b) * len(b) for b in plan)
    write_status(
        f"train ({args.out.name}, {model.encoder.config.num_hidden_layers} layers): {len(rows)} rows, "
        f"{total} steps planned, {n_tokens} padded tokens, time budget {args.time_budget_min} min"
    )
    model.train()
    start = time.time()
    step = 0
    run_ce = run_bce = 0.0
    seen_tokens = 0
    for batch in plan:
        # Progress is the larger of the step fraction and the time fraction, so a slow or
        # shared machine ends on schedule with a fully decayed learning rate.
        progress = max(step / total, (time.time() - start) / budget)
        if progress >= 1.0:
            break
        lr_scale = min(progress / WARMUP, 1.0, (1.0 - progress) / (1.0 - WARMUP))
        for group in opt.param_groups:
            group["lr"] = args.lr * max(lr_scale, 0.01)
        b = {k: v.to(device) for k, v in collate(encs, rows, batch).items()}
        a_log, t_log = model(b["input_ids"], b["attention_mask"])
        ce, bce = losses(a_log, t_log, b, args.label_smoothing)
        loss = ce + args.tox_weight * bce
        if teacher is not None:
            kl, kd_bce = distill_losses(a_log, t_log, teacher[0][batch].to(device), teacher[1][batch].to(device))
            loss = (1 - args.kd_alpha) * loss + args.kd_alpha * (kl + args.tox_weight * kd_bce)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        opt.step()
        opt.zero_grad(set_to_none=True)
        step += 1
        seen_tokens += int(b["input_ids"].numel())
        run_ce = 0.98 * run_ce + 0.02 * float(ce.detach())
        run_bce = 0.98 * run_bce + 0.02 * float(bce.detach())
        if step % 50 == 0:
            el = time.time() - start
            write_status(
                f"step {step}/{total} progress={progress:.2f} ce={run_ce:.3f} bce={run_bce:.3f} "
                f"elapsed={el / 60:.1f}m lr={args.lr * lr_scale:.2e}"
            )
        if step % 200 == 0:
            save_checkpoint(model, args.out)
    save_checkpoint(model, args.out)
    wall = time.time() - start
    summary = {
        "rows": len(rows),
        "steps_planned": total,
        "steps_done": step,
        "padded_tokens_planned": n_tokens,
        "padded_tokens_seen": seen_tokens,
        "time_budget_min": args.time_budget_min,
        "epochs": args.epochs,
        "lr": args.lr,
        "max_tokens_per_batch": args.max_tokens,
        "wall_seconds": round(wall, 1),
        "threads": args.threads,
        "device": str(device) if device.type == "cpu" else torch.cuda.get_device_name(device),
        "tox_weight": args.tox_weight,
        "seed": args.seed,
        "label_smoothing": args.label_smoothing,
        "init_seed": args.seed if args.init_seed is None else args.init_seed,
        "distilled_from": None if args.teacher is None else str(args.teacher),
        "linear_probe_first": args.probe,
        "kd_alpha": args.kd_alpha if args.teacher is not None else None,
        "pooling": "mean",
        "encoder_layers": int(model.encoder.config.num_hidden_layers),
        "frozen": ["word_embeddings"],
        "max_length": config.MAX_LENGTH,
        "final_running_ce": round(run_ce, 4),
        "final_running_bce": round(run_bce, 4),
        "math_check": math.isfinite(run_ce),
    }
    (args.out / "train_summary.json").write_text(json.dumps(summary, indent=1))
    write_status(f"train done in {wall / 60:.1f} min")
    return summary


def _probe_default(env: str) -> str:
    return {"": "none", "0": "none", "1": "both"}.get(env, env)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Command-line options."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--epochs", type=int, default=1)
    ap.add_argument("--lr", type=float, default=5e-5)
    ap.add_argument("--max-tokens", type=int, default=2048)
    ap.add_argument("--threads", type=int, default=2)
    # Weight of the toxicity loss against the attack loss (SHIELD_TOX_WEIGHT for run_all).
    # 2 since model 2.3.0: small gains on every held-out figure over 1 (training/README.md).
    ap.add_argument("--tox-weight", type=float, default=float(os.environ.get("SHIELD_TOX_WEIGHT", "2")))
    # A stop at the budget ends training with fewer steps than planned: on a slow or shared
    # machine raise it (SHIELD_TIME_BUDGET_MIN) so a run matches the recipe's full epoch.
    ap.add_argument("--time-budget-min", type=float, default=float(os.environ.get("SHIELD_TIME_BUDGET_MIN", "80")))
    ap.add_argument("--device", default=os.environ.get("SHIELD_TRAIN_DEVICE", "cpu"))
    # Another seed for the fine-tune alone (head init, dropout, batch order; the dataset keeps
    # its own): tells a recipe's gain from run-to-run noise.
    ap.add_argument("--seed", type=int, default=int(os.environ.get("SHIELD_TRAIN_SEED", str(config.SEED))))
    # The heads' initialisation alone (default: --seed). Soup members share it (training/soup.py).
    ap.add_argument("--init-seed", type=int, default=None)
    ap.add_argument("--layers", type=int, default=None, help="encoder layers kept (default: all six)")
    ap.add_argument("--teacher", type=Path, default=None, help="a trained checkpoint to distil from")
    ap.add_argument("--out", type=Path, default=config.WORK, help="folder for model.pt and train_summary.json")
    # LP-FT (training/probe.py): fit the heads on the frozen encoder before fine-tuning.
    # SHIELD_PROBE=toxicity (the default since model 2.4.0) probes the toxicity head alone,
    # 1 or "both" both heads, 0 or "none" neither (training/README.md).
    ap.add_argument(
        "--probe",
        choices=["none", "both", "toxicity"],
        default=_probe_default(os.environ.get("SHIELD_PROBE", "toxicity")),
    )
    # Label smoothing on the attack head (SHIELD_LABEL_SMOOTHING): an unsmoothed head saturates
    # near 1.0 on adversarial-looking benign prompts, where thresholds hit their 0.999 cap.
    ap.add_argument("--label-smoothing", type=float, default=float(os.environ.get("SHIELD_LABEL_SMOOTHING", "0")))
    # Share of the loss that follows the teacher rather than the labels.
    ap.add_argument("--kd-alpha", type=float, default=0.7)
    return ap.parse_args(argv)


if __name__ == "__main__":
    print(json.dumps(train(parse_args())))
