"""Write models/shield-minilm-l6/README.md (the model card) from the recorded JSON results.

.venv-train/bin/python -m training.card
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from training import config
from training.card_text import HEADER, WEAKNESSES
from training.registry import VERSION


def _load(name: str, work: Path = config.WORK) -> Any:
    return json.loads((work / name).read_text())


def _table(headers: list[str], rows: list[list[Any]]) -> str:
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(str(c) for c in r) + " |" for r in rows]
    return "\n".join(lines)


def _pct(x: float) -> str:
    return f"{100 * x:.1f} %"


def _attack_row(m: dict[str, Any]) -> list[Any]:
    pa = m["prompt_attack"]
    return [
        pa["roc_auc"],
        pa["roc_auc_real_sources_only"],
        _pct(pa["recall_at_1pct_fpr"]),
        _pct(pa["recall_at_0.1pct_fpr"]),
        pa["n_attack"],
        pa["n_benign"],
    ]


_ATTACK_HEADERS = [
    "model",
    "ROC-AUC attack vs benign",
    "ROC-AUC real sources only",
    "recall @1 % FPR",
    "recall @0.1 % FPR",
    "attacks",
    "benign",
]


def _source_tables(m: dict[str, Any]) -> list[str]:
    """Per-source flag rates, generated families and toxicity ROC-AUC of one evaluation."""
    ps = m["per_source"]
    rows = [
        [k, v["label"], v["n"], _pct(v["flag_rate_block"]), _pct(v["flag_rate_annotate"]), v["mean_p_attack"]]
        for k, v in ps.items()
    ]
    head = ["source", "label", "n", "flagged at block", "flagged at annotate", "mean P(attack)"]
    gk = m["generated_kind_flag_rate_block"]
    trows = [
        [name, *(v["per_label"].get(x, "n/a") for x in config.TOX_LABELS), v["mean"]]
        for name, v in m["toxicity_roc_auc"].items()
    ]
    return [
        _table(head, rows) + "\n",
        "Generated validation families, flagged at block:\n",
        _table(["family:kind", "n", "flagged"], [[k, v["n"], _pct(v["rate"])] for k, v in gk.items()]) + "\n",
        "Toxicity ROC-AUC:\n",
        _table(["set", *config.TOX_LABELS, "mean"], trows) + "\n",
    ]


def _own_split(m: dict[str, Any]) -> str:
    own = m.get("thresholds_own_split", m["thresholds"])
    return ", ".join(f"{cat} block {own[cat]['block']}" for cat in ("prompt_injection", "jailbreak", "toxicity"))


def _weakness_figures(h8: dict[str, Any], m8: dict[str, Any], shipped_quant: dict[str, Any]) -> dict[str, str]:
    """The figures quoted in the Known weaknesses prose: holdout run (h8), shipped model (m8)."""

    def block(m: dict[str, Any], source: str, key: str = "flag_rate_block") -> str:
        return _pct(m["per_source"][source][key])

    def tox(m: dict[str, Any], name: str) -> str:
        return f"{m['toxicity_roc_auc'][name]['mean']:.2f}"

    h_tox = [v["mean"] for v in h8["toxicity_roc_auc"].values()]
    s_tox = [v["mean"] for v in m8["toxicity_roc_auc"].values()]
    persona = "gen_hard_negative:benign_composed"
    vs32 = shipped_quant["vs_fp32_on_1500_val_texts"]
    return {
        "h_roc": f"{h8['prompt_attack']['roc_auc']:.3f}",
        "h_roc_real": f"{h8['prompt_attack']['roc_auc_real_sources_only']:.3f}",
        "h_rec1": _pct(h8["prompt_attack"]["recall_at_1pct_fpr"]),
        "h_tox": f"{sum(h_tox) / len(h_tox):.2f}",
        "s_roc": f"{m8['prompt_attack']['roc_auc']:.3f}",
        "s_tox": f"{sum(s_tox) / len(s_tox):.2f}",
        "wildguard": block(h8, "wildguard_benign"),
        "deepset": block(h8, "deepset_train|attack"),
        "jbb": block(h8, "jailbreakbench"),
        "code_attack": block(h8, "bipia_code_doc_val|attack"),
        "code_benign": block(h8, "bipia_code_doc_val|benign"),
        "code_benign_annotate": block(h8, "bipia_code_doc_val|benign", "flag_rate_annotate"),
        "ship_code_attack": block(m8, "bipia_code_doc_val|attack"),
        "ship_code_benign": block(m8, "bipia_code_doc_val|benign"),
        "ship_persona": _pct(m8["generated_kind_flag_rate_block"][persona]["rate"]),
        "h_persona": _pct(h8["generated_kind_flag_rate_block"][persona]["rate"]),
        "roleplay": block(h8, "gpteacher_roleplay"),
        "h_jigsaw": tox(h8, "jigsaw_val"),
        "h_toxigen": tox(h8, "toxigen"),
        "h_threat": f"{h8['toxicity_roc_auc']['jigsaw_val']['per_label']['threat']:.2f}",
        "size_mb": f"{shipped_quant['size_bytes'] / 1e6:.1f}",
        "flips": f"{100 * vs32['attack_flip_rate']:.2f} %",
        "max_diff_attack": f"{vs32['max_abs_diff_attack']:.3f}",
        "max_diff_tox": f"{vs32['max_abs_diff_toxicity']:.3f}",
    }


WILDGUARD = "wildguard_benign|benign"
CODE_BENIGN = "bipia_code_doc_val|benign"


def _hybrid_section(h: dict[str, Any]) -> list[str]:
    """What users get on held-out sources: `Shield()` (heuristics, then the model) against the
    heuristics alone, as blocked / flagged shares of an attack category (training/hybrid_eval.py)."""
    rows = []
    for key in h["hybrid"]:
        source, label = key.split("|")
        heur, hyb = h["heuristics"][key], h["hybrid"][key]
        rows.append(
            [
                "**all**" if source == "all" else source,
                label,
                hyb["n"],
                f"{_pct(heur['blocked'])} / {_pct(heur['flagged'])}",
                f"{_pct(hyb['blocked'])} / {_pct(hyb['flagged'])}",
            ]
        )
    intro = (
        "## The hybrid pipeline on held-out sources (what `Shield()` does)\n\n"
        "The figures above score the model alone. Users get the hybrid pipeline: heuristics settle "
        "clear cases, the model scores the rest, per-category thresholds decide. The holdout run's "
        "model, with its held-out thresholds, in `Shield()` exactly as the middleware runs it, on "
        "the same held-out prompt rows (`python -m training.hybrid_eval`): share of rows blocked / "
        "flagged (block or annotate) for prompt injection or jailbreak. For attacks that is "
        "recall; for benign rows, false alarms.\n"
    )
    return [intro, _table(["source", "label", "rows", "heuristics alone", "hybrid"], rows) + "\n"]


def _where_trained(summary: dict[str, Any]) -> str:
    """Fine-tune wall time and device, as recorded by training/train.py."""
    minutes = f"{summary['wall_seconds'] / 60:.1f} min"
    device = summary.get("device", "cpu")
    if seeds := summary.get("soup_seeds"):
        how = "side by side" if summary.get("members_side_by_side") else "one after another"
        if (calls := summary.get("gpu_calls", 1)) > 1:
            how = f"{len(seeds) // calls} at a time {how}, in {calls} runs"
        minutes = f"{minutes} for {len(seeds)} soup members (seeds {', '.join(map(str, seeds))}) {how}"
    if device == "cpu":
        return f"{minutes} on 2 shared CPU cores (`torch.set_num_threads({summary['threads']})`)"
    return f"{minutes} on one {device} (`SHIELD_TRAIN_DEVICE=cuda`)"


def write_card() -> str:
    """Render and write the card; returns its text."""
    counts = _load("dataset_counts.json")
    summary = _load("train_summary.json")
    quant = _load("quant_report.json")
    final = _load("final.json")
    m8 = _load(final["metrics_file"])
    h_final = _load("final.json", config.HOLDOUT_WORK)
    h32 = _load("metrics.model.fp32.json", config.HOLDOUT_WORK)
    h8 = _load(h_final["metrics_file"], config.HOLDOUT_WORK)
    h_counts = _load("dataset_counts.json", config.HOLDOUT_WORK)
    h_summary = _load("train_summary.json", config.HOLDOUT_WORK)
    reg = json.loads(config.REGISTRY.read_text())["models"]["shield-minilm-l6"]
    shift = _load("shift_check.json")
    parts = [HEADER.format(version=VERSION)]

    parts.append(f"## Data of the shipped model (built by `training/build_dataset.py`, seed {config.SEED})\n")
    c = counts["train"]
    parts.append(f"### train: {c['total']} rows\n")
    rows = [[k.split("|")[0], k.split("|")[1], v] for k, v in c["by_source"].items()]
    parts.append(_table(["source", "attack label", "rows"], rows) + "\n")
    gk = ", ".join(f"{k} {v}" for k, v in c["generated_kinds"].items())
    gm = ", ".join(f"{k} {v}" for k, v in c["generated_modifiers"].items())
    parts.append(f"Generated kinds: {gk}.\n\nModifiers (obfuscation / embedding): {gm}.\n")

    parts.append("## Training\n")
    parts.append(_table(["setting", "value"], [[k, v] for k, v in summary.items() if v is not None]) + "\n")
    parts.append(
        "Command: `.venv-train/bin/python -m training.run_all` (both runs; `--part ship` for this "
        "model alone). Its train stage fine-tunes one member per seed of `SHIELD_SOUP_SEEDS` from "
        "the same starting weights and averages their weights into one model (`training/soup.py`); "
        "with a lent GPU, `training/gpu_sweep.py` trains the members of both runs side by side there "
        "and every other stage runs here (training/README.md). "
        f"Fine-tune wall time: {_where_trained(summary)}; the holdout run below: "
        f"{_where_trained(h_summary)}. Same recipe, settings and seeds on either device (fp32 "
        "throughout); GPU and CPU kernels round differently, so the weights are not bit-identical "
        "across devices.\n"
    )

    parts.append("## Validation on held-out sources (the holdout run of the same recipe)\n")
    parts.append(
        "The shipped model saw every source, so its own scores on them say little about new data. "
        "The same recipe was therefore also trained with whole sources held out (the `holdout` "
        f"run: {h_counts['train']['total']} training rows) and scored on them: prompt sources "
        + ", ".join(sorted(config.HOLDOUT_PROMPT_SOURCES))
        + "; BIPIA code attacks inside BIPIA code documents; generated attacks and hard negatives "
        "from template families never used in training (every 4th template, persona, scenario and "
        "injection goal, and harmful ask inside generated jailbreaks; asks that occur in a "
        "held-out row are not used in generated jailbreaks at all); toxicity "
        "source toxigen plus a random 10 % of jigsaw (jigsaw is the only source with all six "
        "labels, so that part is a row split). Scores of texts scanned alone; "
        "P(attack) = 1 - P(benign).\n"
    )
    parts.append(
        _table(_ATTACK_HEADERS, [["fp32", *_attack_row(h32)], [f"int8 ({h_final['variant']})", *_attack_row(h8)]])
        + "\n"
    )
    parts.append("Per held-out source, int8 holdout model at its own held-out thresholds:\n")
    parts += _source_tables(h8)

    hybrid = config.HOLDOUT_WORK / "hybrid_eval.json"
    if hybrid.exists():
        parts += _hybrid_section(json.loads(hybrid.read_text()))

    parts.append("## The shipped model on its validation split\n")
    parts.append(
        "In-distribution: 20 % row splits of the sources above (the other 80 % were trained on), "
        "generated families from unseen templates, BIPIA documents and unused rows of the capped "
        "plain sources. Use it to compare with the holdout run, not as a generalisation figure.\n"
    )
    parts.append(_table(_ATTACK_HEADERS, [[f"int8 ({final['variant']})", *_attack_row(m8)]]) + "\n")
    parts += _source_tables(m8)

    parts.append("## Thresholds (registry)\n")
    parts.append(
        "Per category and level, the stricter of two: the threshold set on the shipped model's "
        "validation benign prompts (row splits of the held-out sources, generated hard "
        "negatives, benign documents), and the holdout run's threshold set on benign prompts "
        "from sources that run never saw. Each is block at <= 0.5 % FPR (never below 0.5), "
        "annotate at <= 2 % FPR (never below 0.2), capped at 0.999. The shipped model's own "
        "split is in-distribution, so alone it would put thresholds at the floors "
        f"({_own_split(m8)}), where the holdout model flags {_pct(shift['own_split'][WILDGUARD])} "
        f"of unseen WildGuard benign prompts and {_pct(shift['own_split'][CODE_BENIGN])} of unseen "
        "benign code documents (`python -m training.shift_check`; "
        f"{_pct(shift['registry'][WILDGUARD])} and {_pct(shift['registry'][CODE_BENIGN])} at the "
        "registry's thresholds). The per-source rates of the shipped "
        "model above are at the registry's thresholds. The attack head is "
        "registered with `mass_to_top`: the likelier attack label reports P(attack) = 1 - P(benign) "
        "and the other keeps its own probability; each category's thresholds are set on those "
        "scores. Toxicity uses the max of the six sigmoids with non-toxic comments plus the same "
        "benign prompts as negatives.\n"
    )
    th = reg["thresholds"]
    parts.append(
        _table(["category", "block", "annotate"], [[k, v["block"], v["annotate"]] for k, v in th.items()]) + "\n"
    )

    parts.append("## Quantisation\n")
    parts.append(
        f"Shipped: **{final['variant']}** ({reg['quantization']}), {final['reason']}. "
        f"batch_invariant = {str(reg['batch_invariant']).lower()}. Measured per variant "
        "(latency: batch 1, 1 intra-op thread, median ms; batch invariance: max |score "
        "alone - score in a padded batch of 8 mixed-length texts| over 400 val texts; "
        "agreement: 1,500 val texts at batch 1). Latencies were taken while other processes "
        "shared the 2 cores: compare rows of this table with each other, not with DESIGN.md:\n"
    )
    qrows = []
    for k, v in quant.items():
        lat = v["latency_ms_1thread"]
        a = v.get("vs_fp32_on_1500_val_texts", {})
        qrows.append(
            [
                k,
                f"{v['size_bytes'] / 1e6:.1f} MB",
                lat["16"],
                lat["64"],
                lat["256"],
                v.get("batch_invariance_max_diff", "0 (fp32)"),
                a.get("max_abs_diff_attack", "-"),
                a.get("max_abs_diff_toxicity", "-"),
                a.get("attack_flip_rate", "-"),
                a.get("toxicity_flip_rate", "-"),
            ]
        )
    parts.append(
        _table(
            [
                "variant",
                "size",
                "ms@16",
                "ms@64",
                "ms@256",
                "batch diff",
                "max diff attack",
                "max diff tox",
                "attack flips",
                "tox flips",
            ],
            qrows,
        )
        + "\n"
    )
    parts.append(WEAKNESSES.format(**_weakness_figures(h8, m8, quant[final["variant"]])))
    text = "\n".join(parts)
    (config.MODEL_DIR / "README.md").write_text(text, encoding="utf-8")
    return text


if __name__ == "__main__":
    write_card()
