"""Score texts with an exported ONNX model exactly as the runtime will (no torch)."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import onnxruntime as ort
from tokenizers import Tokenizer

from training import config


def session(path: Path, threads: int | None = None) -> ort.InferenceSession:
    """A CPU session with a fixed intra-op thread count (default 2, or SHIELD_ORT_THREADS)."""
    so = ort.SessionOptions()
    so.intra_op_num_threads = threads or int(os.environ.get("SHIELD_ORT_THREADS", "2"))
    so.inter_op_num_threads = 1
    # Spinning pool threads collapse throughput when other processes share the cores.
    so.add_session_config_entry("session.intra_op.allow_spinning", "0")
    return ort.InferenceSession(str(path), so, providers=["CPUExecutionProvider"])


def tokenizer(max_length: int = config.MAX_LENGTH) -> Tokenizer:
    """The shipped tokenizer with the runtime's truncation (head window) and no padding."""
    tok = Tokenizer.from_file(str(config.MODEL_DIR / "tokenizer.json"))
    tok.enable_truncation(max_length=max_length)
    tok.no_padding()
    return tok


def softmax(x: np.ndarray) -> np.ndarray:
    """Row-wise softmax."""
    e = np.exp(x - x.max(axis=-1, keepdims=True))
    return np.asarray(e / e.sum(axis=-1, keepdims=True))


def sigmoid(x: np.ndarray) -> np.ndarray:
    """Element-wise logistic function."""
    return np.asarray(1.0 / (1.0 + np.exp(-x)))


def run_batch(sess: ort.InferenceSession, id_lists: Sequence[Sequence[int]]) -> tuple[np.ndarray, np.ndarray]:
    """Pad a batch on the right and return (attack probs [B,3], toxicity probs [B,6])."""
    width = max(len(x) for x in id_lists)
    ids = np.zeros((len(id_lists), width), dtype=np.int64)
    mask = np.zeros_like(ids)
    for i, x in enumerate(id_lists):
        ids[i, : len(x)] = x
        mask[i, : len(x)] = 1
    att, tox = sess.run(["attack_logits", "toxicity_logits"], {"input_ids": ids, "attention_mask": mask})
    return softmax(att), sigmoid(tox)


def score_texts(
    sess: ort.InferenceSession, tok: Tokenizer, texts: Sequence[str], batch: int = 1
) -> tuple[np.ndarray, np.ndarray]:
    """Probabilities for every text; batch=1 gives the 'scanned alone' scores."""
    ids = [e.ids for e in tok.encode_batch(list(texts))]
    order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
    att = np.zeros((len(ids), 3), dtype=np.float32)
    tox = np.zeros((len(ids), 6), dtype=np.float32)
    for s in range(0, len(order), batch):
        chunk = order[s : s + batch]
        a, t = run_batch(sess, [ids[i] for i in chunk])
        att[chunk] = a
        tox[chunk] = t
    return att, tox
