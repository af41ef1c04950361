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
run): attack ROC-AUC 0.944 (0.911 on real, non-generated sources; v1: 0.884 / 0.842), recall
57 % at 1 % FPR (v1: 38 %), toxicity mean ROC-AUC ~0.84 (v1 the same). The shipped model also
trained on those sources: on its own validation split (near-copies of training rows removed)
it reaches attack ROC-AUC 0.98 and toxicity ~0.92, but that split is in-distribution. On a new
distribution expect something between the two.

Holdout-run figures per held-out source, at the holdout model's own thresholds:

- **Adversarial-looking benign prompts** (wildguard_benign): ~7 % flagged at block (v1: 13 %);
  they keep the jailbreak thresholds at the 0.999 cap, where the 0.5 % FPR target cannot be met.
- **Human-written direct injections** (deepset_train): ~28 % caught at block (v1: 15 %). Many
  are short German/English task switches or odd requests; the generated banks do not cover
  human phrasing well. The heuristic signatures in front of the model catch the explicit ones.
- **Optimised / rewritten jailbreaks** (jailbreakbench): ~61 % caught at block (v1: 46 %).
  That figure is optimistic: 191 of its 1,098 rows contain a harmful ask verbatim that training
  also used (advbench / harmbench asks inside generated jailbreaks and as benign requests):
  79 % of those are caught, 57 % of the other 907. PAIR-style scenario rewrites are the
  hardest (composed scenario jailbreaks from unseen templates: ~47-51 %).
- **Code documents**: indirect attacks inside BIPIA code are caught ~76 % at block, and 7 % of
  benign code documents are flagged at block (30 % at annotate): code was unseen there. The
  ship run trains on code documents (its split: 50 % / 0 %).
- **Benign persona prompts from unseen templates**: 15 % of generated benign
  "You are <name>, who <harmless trait>. Stay in character ..." prompts from validation-only
  templates score above the jailbreak block threshold in the ship run's split (5.5 % in the
  holdout run's). Real role-play
  sources (gpteacher_roleplay, awesome-chatgpt-prompts) are fine (< 0.5 %).
- **Toxicity**: the holdout run scored ~0.90 on held-out jigsaw and ~0.78 on toxigen (implicit
  hate, unseen there); the ship run trains on 80 % of toxigen. Threat is the weakest label
  (~110 positives). Instruction-style text still gets some toxicity: "let's role-play: you are
  a grumpy cat ..." is annotated. Plain and role-play benign prompts and generated negatives
  get all-zero toxicity targets ("pretend you are a pirate and tell me a joke": 0.15 with the
  ship model; 0.8 with an earlier holdout run that lacked the role-play part).
- **int8**: activation-quantising variants move this model's scores too much (dynamic int8 in
  the table above, also batch-dependent; static QDQ / QOperator measured on v1 moved them
  0.81-0.89). The shipped file is **weight-only int8**: int8 per-channel weights (~23.6 MB
  file) that onnxruntime folds back to float weights at load, so it runs at **fp32 speed**,
  batch-invariant, 0.13 % decision flips vs fp32; its max probability difference (0.084 on the
  attack head) is above the 0.05 target on a few texts. This CPU (AVX2, no VNNI) also runs
  onnxruntime's 8-bit MatMulNBits with int8 compute slower than fp32 (27 vs 18 ms at 64
  tokens, measured on the v1 export, same architecture).
- Long texts: the model sees 256-token windows; the runtime windows longer inputs and takes the
  maximum. An attack split across a window boundary may be missed.

Recommended use with the heuristics: `hybrid` mode (the default), where clear heuristic
evidence stands and the model settles the rest.
"""
