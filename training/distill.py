"""Knowledge distillation: a smaller student learns the fine-tuned six-layer model's scores.

Used by `train.py` when `--teacher` names a trained checkpoint: in `run_all`, the six-layer
model that the run's "teacher" stage trained on the same rows (`work/<run>/teacher/model.pt`),
so the holdout student learns from a teacher that never saw the held-out sources either.
Three-layer truncation alone lost 13 points of recall at 1 % FPR (training/README.md); the
student here starts from the teacher's own fine-tuned lower layers and heads, and learns its
soft scores as well as the labels. The teacher also gives a toxicity target to the rows whose
toxicity labels are unknown (every prompt row). Measured and not shipped: training/README.md.
"""

from __future__ import annotations

from pathlib import Path

import torch
from torch import nn

from training.model import ShieldModel, cache_key, length_sorted_batches, pad_batch

TEMPERATURE = 2.0  # softens the attack softmax so the student sees the teacher's second choices


def teacher_logits(
    teacher_path: Path, encs: list[list[int]], cache: Path, max_tokens: int = 2048
) -> tuple[torch.Tensor, torch.Tensor]:
    """The teacher's (attack [N,3], toxicity [N,6]) logits for every encoded row.

    Cached in `cache` under a key of the teacher's bytes and the encodings, since a forward
    pass of the six-layer model over the training set costs minutes on two cores.
    """
    key = cache_key(teacher_path, encs)
    if cache.exists():
        stored = torch.load(cache, map_location="cpu")
        if stored.get("key") == key:
            return stored["attack"], stored["tox"]
    teacher = ShieldModel(num_layers=None)
    teacher.load_state_dict(torch.load(teacher_path, map_location="cpu"))
    teacher.eval()
    attack = torch.zeros((len(encs), 3))
    tox = torch.zeros((len(encs), 6))
    with torch.no_grad():
        for batch in length_sorted_batches(encs, max_tokens):
            a, t = teacher(*pad_batch(encs, batch))
            attack[batch] = a
            tox[batch] = t
    torch.save({"key": key, "attack": attack, "tox": tox}, cache)
    return attack, tox


def init_from_teacher(student: ShieldModel, teacher_path: Path) -> None:
    """Copy the teacher's embeddings, its first N encoder layers and both heads into the student.

    Dropping the top layers of a fine-tuned encoder keeps more than any other choice of
    layers (Sajjad et al., "On the effect of dropping layers of pre-trained transformer models").
    """
    state = torch.load(teacher_path, map_location="cpu")
    own = student.state_dict()
    kept = {k: v for k, v in state.items() if k in own and own[k].shape == v.shape}
    missing = sorted(set(own) - set(kept))
    if missing:
        raise ValueError(f"{teacher_path}: the teacher lacks student weights {missing[:5]}")
    student.load_state_dict(kept)


def distill_losses(
    attack_logits: torch.Tensor, tox_logits: torch.Tensor, teacher_attack: torch.Tensor, teacher_tox: torch.Tensor
) -> tuple[torch.Tensor, torch.Tensor]:
    """KL divergence to the teacher's softened attack distribution, and BCE to its toxicity
    probabilities on every row (T^2 keeps the attack gradient's scale independent of T)."""
    t = TEMPERATURE
    kl = nn.functional.kl_div(
        nn.functional.log_softmax(attack_logits / t, dim=-1),
        nn.functional.log_softmax(teacher_attack / t, dim=-1),
        log_target=True,
        reduction="batchmean",
    ) * (t * t)
    bce = nn.functional.binary_cross_entropy_with_logits(tox_logits, torch.sigmoid(teacher_tox))
    return kl, bce
