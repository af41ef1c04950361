"""Fixed prose of the model card (figures are filled in by training/card.py)."""

from __future__ import annotations

HEADER = """# shield-minilm-l6 (v2.0.0, int8)

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

Multi-task batches: prompt rows carry no toxicity label (masked in the loss) except plain
benign requests, which get an all-zero toxicity target; toxicity rows carry attack label
**benign** (toxic comments are not attacks on instructions, and they are extra hard negatives
for the attack head); null toxicity labels are masked.

Two runs of one recipe (`training/run_all.py`): the **holdout** run trains without whole
sources and is scored on them (the validation figures below); the **ship** run, this model,
trains on every source. v2 differs from v1 by composed jailbreaks, benign framings,
task-switch injections and clean toxicity targets for plain requests (`training/README.md`).

Reproduce: `.venv-train/bin/python -m training.run_all` (see `training/README.md`).
"""

WEAKNESSES = """## Known weaknesses (read before relying on the scores)

The targets were attack ROC-AUC >= 0.98 and recall >= 90 % at 1 % FPR on held-out sources, and
toxicity mean ROC-AUC >= 0.93. **The recipe misses them** on sources it never saw (holdout
run, tables above): attack ROC-AUC 0.947 (0.915 on real, non-generated sources; v1: 0.884 /
0.842), recall 59 % at 1 % FPR (v1: 38 %), toxicity mean ROC-AUC ~0.84 (v1 the same). The
shipped model also trained on those sources, so on data like them it does better than the
holdout figures; on a new distribution expect something like them.

- **Adversarial-looking benign prompts** (wildguard_benign, held out): ~5 % score above the
  0.999 cap of the block threshold (v1: 13 %); they are what keeps the attack thresholds at
  0.999. The block threshold could not reach its 0.5 % FPR target there.
- **Human-written direct injections** (deepset_train, held out): ~21 % caught at block (v1:
  15 %). Many are short German/English task switches or odd requests; the generated banks do
  not cover human phrasing well. The heuristic signatures in front of the model catch the
  explicit ones.
- **Optimised / rewritten jailbreaks** (jailbreakbench, held out): ~57 % caught at block (v1:
  46 %); PAIR-style scenario rewrites are the hardest (composed scenario jailbreaks from unseen
  templates: ~43 %).
- **Code documents**: indirect attacks inside BIPIA code (held out) are caught ~19 % at block;
  benign code documents are no longer flagged (v1: 7 %).
- **Toxicity**: jigsaw held-out slice ~0.90 mean ROC-AUC (threat is weak: only ~110 positives);
  toxigen (held out in the holdout run, implicit hate) ~0.78. The ship run trains on 80 % of
  toxigen.
- **int8**: activation-quantising variants move this model's scores too much (dynamic int8 in
  the table above; static QDQ / QOperator measured on v1 moved them 0.81-0.89), and dynamic
  int8 depends on batch mates. The shipped file is **weight-only int8**: int8 per-channel
  weights (~23.6 MB file) that onnxruntime folds back to float weights at load, so it runs at
  **fp32 speed**, batch-invariant, within 1 % flips of fp32; its max probability difference is
  just above 0.05 on a few texts. This CPU (AVX2, no VNNI) also runs onnxruntime's 8-bit
  MatMulNBits with int8 compute slower than fp32 (27 vs 18 ms at 64 tokens, measured).
- Long texts: the model sees 256-token windows; the runtime windows longer inputs and takes the
  maximum. An attack split across a window boundary may be missed.

Recommended use with the heuristics: `hybrid` mode (the default), where clear heuristic
evidence stands and the model settles the rest.
"""
