"""A tiny stand-in for the shipped model: a real ONNX graph and a real tokenizer.json.

The graph has the real model's interface (``input_ids`` / ``attention_mask`` int64
``[batch, seq]`` in, ``attack_logits`` [batch, 3] and ``toxicity_logits`` [batch, 6] out): an
embedding lookup, a masked mean, two linear heads. Attack words ("ignore", "instructions", ...)
push ``prompt_injection`` up, "unchained" pushes ``jailbreak``, "idiot" pushes the toxicity heads,
and the other dimensions are seeded noise so every text gets its own scores.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper
from tokenizers import Tokenizer, models, normalizers, pre_tokenizers, processors

SPECIALS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]"]
ATTACK_WORDS = ["ignore", "previous", "instructions", "system", "prompt", "reveal"]
JAILBREAK_WORDS = ["unchained", "dan"]
TOXIC_WORDS = ["idiot", "stupid"]
_FILLER_TEXT = (
    "the a of to and in is it you that was for on are with as be at this have from or one had by "
    "word but not what all were we when your can said there use an each which she do how their if "
    "will up other about out many then them these so some her would make like him into time has "
    "look two more write go see number no way could people my than first water been call who oil "
    "weather paris tomorrow please summarise document report meeting notes"
)
FILLER = tuple(_FILLER_TEXT.split())
VOCAB = [*SPECIALS, *ATTACK_WORDS, *JAILBREAK_WORDS, *TOXIC_WORDS, *FILLER]
DIM = 8
ATTACK_LABELS = ["benign", "prompt_injection", "jailbreak"]
TOXICITY_LABELS = [
    "toxicity.toxic",
    "toxicity.severe_toxic",
    "toxicity.obscene",
    "toxicity.threat",
    "toxicity.insult",
    "toxicity.identity_hate",
]


def build_tokenizer() -> Tokenizer:
    """WordLevel tokenizer with BERT's template, saved with padding/truncation at 128 (the trap)."""
    vocab = {word: i for i, word in enumerate(VOCAB)}
    tok = Tokenizer(models.WordLevel(vocab, unk_token="[UNK]"))
    tok.normalizer = normalizers.Lowercase()
    tok.pre_tokenizer = pre_tokenizers.Whitespace()
    tok.post_processor = processors.TemplateProcessing(
        single="[CLS] $A [SEP]",
        pair="[CLS] $A [SEP] $B:1 [SEP]:1",
        special_tokens=[("[CLS]", 2), ("[SEP]", 3)],
    )
    tok.add_special_tokens(SPECIALS)
    tok.enable_padding(length=128, pad_id=0, pad_token="[PAD]")
    tok.enable_truncation(max_length=128)
    return tok


def _embeddings(seed: int) -> np.ndarray[Any, np.dtype[np.float32]]:
    rng = np.random.default_rng(seed)
    emb = rng.normal(0.0, 0.3, size=(len(VOCAB), DIM)).astype(np.float32)
    emb[:, :3] = rng.normal(0.0, 0.1, size=(len(VOCAB), 3))
    for word in ATTACK_WORDS:
        emb[VOCAB.index(word), 0] = 6.0
    for word in JAILBREAK_WORDS:
        emb[VOCAB.index(word), 1] = 6.0
    for word in TOXIC_WORDS:
        emb[VOCAB.index(word), 2] = 6.0
    return emb


def build_graph(
    inputs: Sequence[str] = ("input_ids", "attention_mask"), *, seed: int = 0, int32: bool = False
) -> onnx.ModelProto:
    """The tiny two-head classifier. Without ``attention_mask`` it takes a plain mean."""
    rng = np.random.default_rng(seed + 1)
    emb = _embeddings(seed)
    w_attack = rng.normal(0.0, 0.5, size=(DIM, 3)).astype(np.float32)
    w_attack[:3] = [[0.0, 3.0, 0.0], [0.0, 0.0, 3.0], [0.0, 0.0, 0.0]]
    b_attack = np.array([1.5, -1.0, -1.0], dtype=np.float32)
    w_tox = rng.normal(0.0, 0.3, size=(DIM, 6)).astype(np.float32)
    w_tox[:3] = 0.0
    w_tox[2] = [2.0, 0.8, 1.0, 0.5, 1.8, 0.4]
    b_tox = np.full(6, -2.5, dtype=np.float32)
    init = [
        numpy_helper.from_array(emb, "emb"),
        numpy_helper.from_array(w_attack, "w_attack"),
        numpy_helper.from_array(b_attack, "b_attack"),
        numpy_helper.from_array(w_tox, "w_tox"),
        numpy_helper.from_array(b_tox, "b_tox"),
        numpy_helper.from_array(np.array([1], dtype=np.int64), "axis1"),
        numpy_helper.from_array(np.array([2], dtype=np.int64), "axis2"),
        numpy_helper.from_array(np.array(1.0, dtype=np.float32), "one"),
    ]
    int_type = TensorProto.INT32 if int32 else TensorProto.INT64
    graph_inputs = [helper.make_tensor_value_info(n, int_type, ["batch", "seq"]) for n in inputs]
    nodes = [helper.make_node("Gather", ["emb", "input_ids"], ["tok_emb"], axis=0)]
    hidden = "tok_emb"
    if "token_type_ids" in inputs:
        init.append(numpy_helper.from_array(np.zeros((2, DIM), dtype=np.float32), "type_emb"))
        nodes += [
            helper.make_node("Gather", ["type_emb", "token_type_ids"], ["type_vec"], axis=0),
            helper.make_node("Add", ["tok_emb", "type_vec"], ["hidden"]),
        ]
        hidden = "hidden"
    if "attention_mask" in inputs:
        nodes += [
            helper.make_node("Cast", ["attention_mask"], ["mask_f"], to=TensorProto.FLOAT),
            helper.make_node("Unsqueeze", ["mask_f", "axis2"], ["mask_3d"]),
            helper.make_node("Mul", [hidden, "mask_3d"], ["masked"]),
            helper.make_node("ReduceSum", ["masked", "axis1"], ["summed"], keepdims=0),
            helper.make_node("ReduceSum", ["mask_f", "axis1"], ["count"], keepdims=1),
            helper.make_node("Max", ["count", "one"], ["count_safe"]),
            helper.make_node("Div", ["summed", "count_safe"], ["pooled"]),
        ]
    else:
        nodes.append(helper.make_node("ReduceMean", [hidden], ["pooled"], axes=[1], keepdims=0))
    nodes += [
        helper.make_node("MatMul", ["pooled", "w_attack"], ["attack_mm"]),
        helper.make_node("Add", ["attack_mm", "b_attack"], ["attack_logits"]),
        helper.make_node("MatMul", ["pooled", "w_tox"], ["tox_mm"]),
        helper.make_node("Add", ["tox_mm", "b_tox"], ["toxicity_logits"]),
    ]
    outputs = [
        helper.make_tensor_value_info("attack_logits", TensorProto.FLOAT, ["batch", 3]),
        helper.make_tensor_value_info("toxicity_logits", TensorProto.FLOAT, ["batch", 6]),
    ]
    graph = helper.make_graph(nodes, "tiny_shield", graph_inputs, outputs, init)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    onnx.checker.check_model(model)
    return model


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def registry_entry(
    model_bytes: bytes,
    tokenizer_bytes: bytes,
    *,
    folder: str = "tiny",
    inputs: Sequence[str] = ("input_ids", "attention_mask"),
    max_length: int = 16,
    batch_invariant: bool = True,
    variant: str = "fp32",
    url_base: str | None = None,
    mass_to_top: bool = False,
) -> dict[str, Any]:
    """A registry.json entry for the tiny model's files (relative to the registry's folder)."""

    def file(name: str, data: bytes) -> dict[str, Any]:
        url = f"{url_base}/{name}" if url_base else None
        return {"path": f"{folder}/{name}", "sha256": sha256_bytes(data), "size": len(data), "url": url}

    return {
        "version": "0.0.1",
        "tasks": ["prompt_attack", "toxicity"],
        "variant": variant,
        "base_model": "tiny",
        "max_length": max_length,
        "quantization": "none",
        "batch_invariant": batch_invariant,
        "files": {
            "model": file("model.onnx", model_bytes),
            "tokenizer": file("tokenizer.json", tokenizer_bytes),
        },
        "inputs": list(inputs),
        "heads": [
            {
                "name": "prompt_attack",
                "output": "attack_logits",
                "activation": "softmax",
                "labels": ATTACK_LABELS,
                "mass_to_top": mass_to_top,
            },
            {
                "name": "toxicity",
                "output": "toxicity_logits",
                "activation": "sigmoid",
                "labels": TOXICITY_LABELS,
            },
        ],
        "thresholds": {
            "prompt_injection": {"block": 0.9, "annotate": 0.5},
            "jailbreak": {"block": 0.9, "annotate": 0.5},
            "toxicity": {"block": 0.95, "annotate": 0.6},
        },
        "validation": {"note": "tiny test model"},
    }


def write_tiny_model(
    root: Path,
    *,
    name: str = "tiny",
    inputs: Sequence[str] = ("input_ids", "attention_mask"),
    max_length: int = 16,
    batch_invariant: bool = True,
    int32: bool = False,
    url_base: str | None = None,
    write_files: bool = True,
    mass_to_top: bool = False,
) -> Path:
    """Write ``root/registry.json`` (+ ``root/<name>/`` files unless ``write_files`` is False).

    Returns the registry path. The model files' bytes are also written to ``root/_served/``
    when ``write_files`` is False, for tests that serve them over HTTP.
    """
    model_bytes = build_graph(inputs, int32=int32).SerializeToString()
    tokenizer_bytes = build_tokenizer().to_str().encode("utf-8")
    folder = root / (name if write_files else "_served")
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "model.onnx").write_bytes(model_bytes)
    (folder / "tokenizer.json").write_bytes(tokenizer_bytes)
    entry = registry_entry(
        model_bytes,
        tokenizer_bytes,
        folder=name,
        inputs=inputs,
        max_length=max_length,
        batch_invariant=batch_invariant,
        url_base=url_base,
        mass_to_top=mass_to_top,
    )
    registry = root / "registry.json"
    registry.write_text(json.dumps({"schema": 1, "default": name, "models": {name: entry}}, indent=2))
    return registry
