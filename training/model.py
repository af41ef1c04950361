"""Two-head MiniLM classifier: mean-pooled encoder, prompt-attack and toxicity heads."""

from __future__ import annotations

import hashlib
from array import array
from collections.abc import Iterator
from pathlib import Path

import torch
from torch import nn
from transformers import AutoModel

from training.config import ATTACK_LABELS, TOX_LABELS, base_model_path


class ShieldModel(nn.Module):
    """Encoder + two linear heads sharing one pooled embedding (one pass for all categories)."""

    def __init__(self, dropout: float = 0.1, num_layers: int | None = None) -> None:
        super().__init__()
        # eager attention exports cleanly to ONNX (SDPA does not, DESIGN.md).
        # num_layers keeps only the first N encoder layers (a smaller, faster student); None
        # keeps all six.
        layers = {} if num_layers is None else {"num_hidden_layers": num_layers}
        self.encoder = AutoModel.from_pretrained(str(base_model_path()), attn_implementation="eager", **layers)
        hidden = int(self.encoder.config.hidden_size)
        self.dropout = nn.Dropout(dropout)
        self.attack_head = nn.Linear(hidden, len(ATTACK_LABELS))
        self.toxicity_head = nn.Linear(hidden, len(TOX_LABELS))

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """Return (attack_logits [B,3], toxicity_logits [B,6])."""
        pooled = self.dropout(self.pooled(input_ids, attention_mask))
        return self.attack_head(pooled), self.toxicity_head(pooled)

    def pooled(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        """The encoder's mean-pooled embedding [B, hidden] (what both heads read)."""
        # token_type_ids are all zero for single sentences; pass them explicitly so the
        # exported graph does not need them as an input.
        token_type_ids = torch.zeros_like(input_ids)
        out = self.encoder(input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids)
        hidden = out.last_hidden_state
        mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
        # Mean pooling over real tokens, as all-MiniLM-L6-v2 was pre-trained.
        return (hidden * mask).sum(dim=1) / mask.sum(dim=1).clamp(min=1e-6)


def pad_batch(encs: list[list[int]], batch: list[int]) -> tuple[torch.Tensor, torch.Tensor]:
    """input_ids and attention_mask of the rows `batch` of `encs`, padded to the widest."""
    width = max(len(encs[i]) for i in batch)
    ids = torch.zeros((len(batch), width), dtype=torch.long)
    mask = torch.zeros((len(batch), width), dtype=torch.long)
    for j, i in enumerate(batch):
        ids[j, : len(encs[i])] = torch.tensor(encs[i])
        mask[j, : len(encs[i])] = 1
    return ids, mask


def length_sorted_batches(encs: list[list[int]], max_tokens: int = 2048) -> Iterator[list[int]]:
    """Row indices in batches of similar length whose padded size stays within `max_tokens`
    (for inference passes over the whole training set: little padding, bounded memory)."""
    order = sorted(range(len(encs)), key=lambda i: len(encs[i]))
    start = 0
    while start < len(order):
        end = start + 1
        # Sorted by length: the row that would join is the batch's widest so far.
        while end < len(order) and len(encs[order[end]]) * (end - start + 1) <= max_tokens:
            end += 1
        yield order[start:end]
        start = end


def cache_key(weights: Path, encs: list[list[int]]) -> str:
    """Digest of a weights file and the encoded rows: names a cached pass of those weights
    over those rows (a forward pass over the training set costs minutes on two cores)."""
    digest = hashlib.blake2b(weights.read_bytes(), digest_size=16)
    for e in encs:
        digest.update(len(e).to_bytes(4, "little"))
        digest.update(array("i", e).tobytes())
    return digest.hexdigest()
