"""Export the trained model to ONNX (fp32, training/work/model.fp32.onnx) and save the tokenizer.

.venv-train/bin/python -m training.export
"""

from __future__ import annotations

import os
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")

import torch
from tokenizers import Tokenizer

from training import config
from training.model import ShieldModel

FP32_PATH = config.WORK / "model.fp32.onnx"
OPSET = 17


def export_onnx(checkpoint: Path = config.WORK / "model.pt", out: Path = FP32_PATH) -> Path:
    """Write the two-head graph: inputs input_ids/attention_mask, outputs
    attack_logits [B,3] and toxicity_logits [B,6] (raw logits)."""
    state = torch.load(checkpoint, map_location="cpu")
    model = ShieldModel(num_layers=encoder_layers(state))
    model.load_state_dict(state)
    model.eval()
    ids = torch.tensor([[101, 7592, 2088, 102], [101, 7592, 102, 0]], dtype=torch.long)
    mask = (ids != 0).long()
    dyn = {0: "batch", 1: "seq"}
    with torch.no_grad():
        torch.onnx.export(
            model,
            (ids, mask),
            str(out),
            input_names=["input_ids", "attention_mask"],
            output_names=["attack_logits", "toxicity_logits"],
            dynamic_axes={
                "input_ids": dyn,
                "attention_mask": dyn,
                "attack_logits": {0: "batch"},
                "toxicity_logits": {0: "batch"},
            },
            opset_version=OPSET,
            dynamo=False,  # the dynamo exporter writes a slower graph (DESIGN.md)
        )
    return out


def encoder_layers(state: dict[str, torch.Tensor]) -> int:
    """How many encoder layers a checkpoint holds (a distilled student has fewer than six)."""
    prefix = "encoder.encoder.layer."
    return 1 + max(int(key[len(prefix) :].split(".")[0]) for key in state if key.startswith(prefix))


def save_tokenizer(out: Path = config.MODEL_DIR / "tokenizer.json") -> Path:
    """The base tokenizer with padding and truncation disabled (the runtime sets them)."""
    tok = Tokenizer.from_file(str(config.base_model_path() / "tokenizer.json"))
    tok.no_padding()
    tok.no_truncation()
    out.parent.mkdir(parents=True, exist_ok=True)
    tok.save(str(out))
    return out


if __name__ == "__main__":
    print(export_onnx(), save_tokenizer())
