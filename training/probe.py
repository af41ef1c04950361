"""Linear probe before the fine-tune (LP-FT): fit both heads on the frozen pre-trained encoder.

Used by `train.py --probe` (SHIELD_PROBE=1 for run_all). A fine-tune that starts from randomly
initialised heads sends large, noisy gradients into the encoder during its first steps, and
the pre-trained features that generalise beyond the training sources are the ones that move
(Kumar et al., "Fine-Tuning can Distort Pretrained Features and Underperform
Out-of-Distribution", ICLR 2022). Fitting the heads first on the frozen encoder's pooled
features, then fine-tuning everything from there, keeps the early gradients small.
"""

from __future__ import annotations

import os
from pathlib import Path

import torch

from training.config import base_model_path
from training.model import ShieldModel, cache_key, length_sorted_batches, pad_batch

PROBE_STEPS = 400
PROBE_LR = 1e-2
PROBE_WEIGHT_DECAY = 1e-4


def pooled_features(
    model: ShieldModel, encs: list[list[int]], cache_path: Path, device: torch.device | None = None
) -> torch.Tensor:
    """Mean-pooled embeddings [N, hidden] (on the CPU) of every row under the model's current
    (pre-trained) encoder, without dropout, computed on `device` (default: where the model
    is); cached under a key of the base weights and the encodings."""
    key = cache_key(base_model_path() / "model.safetensors", encs)
    try:
        stored = torch.load(cache_path, map_location="cpu")
        if stored.get("key") == key:
            return torch.as_tensor(stored["features"])
    except FileNotFoundError:
        pass
    home = next(model.parameters()).device
    device = device or home
    was_training = model.training
    model.eval().to(device)
    feats = torch.zeros((len(encs), int(model.encoder.config.hidden_size)))
    with torch.no_grad():
        for batch in length_sorted_batches(encs):
            ids, mask = pad_batch(encs, batch)
            feats[batch] = model.pooled(ids.to(device), mask.to(device)).cpu()
    model.train(was_training).to(home)
    # Written aside and renamed: runs that share a work folder (seeds trained side by side on
    # one GPU) may write the same cache at once, and a reader must never see half a file.
    partial = cache_path.with_name(f"{cache_path.name}.{os.getpid()}.partial")
    torch.save({"key": key, "features": feats}, partial)
    os.replace(partial, cache_path)
    return feats


def fit_heads(
    model: ShieldModel,
    feats: torch.Tensor,
    attack: torch.Tensor,
    tox: torch.Tensor,
    tox_weight: float,
    *,
    toxicity_only: bool = False,
) -> tuple[float, float]:
    """Full-batch training of the heads on fixed features with the fine-tune's own losses
    (cross-entropy on the attack labels, masked BCE on toxicity); returns the final (ce, bce).

    `toxicity_only` fits the toxicity head alone and leaves the attack head as initialised:
    both heads probed first lifted held-out toxicity but saturated the jailbreak head on
    adversarial-looking benign prompts (training/README.md)."""
    heads = [model.toxicity_head] if toxicity_only else [model.attack_head, model.toxicity_head]
    params = [p for h in heads for p in h.parameters()]
    opt = torch.optim.AdamW(params, lr=PROBE_LR, weight_decay=PROBE_WEIGHT_DECAY)
    known = tox >= 0
    ce = bce = torch.tensor(0.0)
    for _ in range(PROBE_STEPS):
        ce = torch.nn.functional.cross_entropy(model.attack_head(feats), attack, ignore_index=-1)
        bce = torch.nn.functional.binary_cross_entropy_with_logits(model.toxicity_head(feats)[known], tox[known])
        loss = tox_weight * bce if toxicity_only else ce + tox_weight * bce
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
    return float(ce.detach()), float(bce.detach())
