"""Fixed prose of the model card (figures are filled in by training/card.py)."""

from __future__ import annotations

HEADER = """# shield-minilm-l6 (v1.0.0, int8)

One ONNX graph, one pass, two heads on a shared encoder:

- **prompt_attack** (`attack_logits`, softmax): `benign`, `prompt_injection`, `jailbreak`.
  Data labels `injection` and `indirect_injection` map to prompt_injection, `jailbreak` to
  jailbreak, `benign` and `harmful_request` to benign (a plainly harmful ask is not an attack
  on the instructions).
- **toxicity** (`toxicity_logits`, sigmoid): toxic, severe_toxic, obscene, threat, insult,
  identity_hate.

Base model: `sentence-transformers/all-MiniLM-L6-v2` (6 layers, 384 hidden, uncased WordPiece),
fine-tuned end to end (word embeddings frozen) with **mean pooling** over the attention mask
and two linear heads on the pooled vector.

Inputs `input_ids`, `attention_mask` (int64, [batch, seq], dynamic); no `token_type_ids`.
Outputs are raw logits. `tokenizer.json` is the base tokenizer with padding and truncation
disabled: the runtime sets them. Use windows of **256 tokens** (`max_length` in the registry):
training examples were cut to at most 256 tokens, and documents with an inserted attack were
cut to a window that keeps the attack.

Multi-task batches: prompt rows carry no toxicity label (masked in the loss); toxicity rows
carry attack label **benign** (toxic comments are not attacks on instructions, and they are
extra hard negatives for the attack head); null toxicity labels are masked.

Reproduce: `.venv-train/bin/python -m training.run_all` (see `training/README.md`).
"""

WEAKNESSES = """## Known weaknesses

- Direct prompt injections in training are mostly generated from templates (only 28 real
  system-prompt-extraction rows remain in training once deepset is held out). The deepset
  figures above are the best estimate of how that transfers to human-written injections.
- Thresholds are fitted on the held-out benign sources; other traffic (long technical
  documents, code, chat in languages outside the 12 xquad languages) can have a different
  false-positive rate. Watch the annotate rate in production before tightening.
- Long texts: the model sees 256-token windows; the runtime must window longer inputs and
  take the maximum. An attack split across a window boundary may be missed.
- Toxicity labels come from jigsaw / davidson / toxigen (English social-media text); other
  languages and domains are not covered, and davidson's "offensive" class is noisy.
- Validation uses held-out sources, not the separate evaluation sets kept by the project;
  expect lower figures on truly new distributions.
"""
