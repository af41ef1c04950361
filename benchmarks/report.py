"""Render benchmarks/results.json as BENCHMARKS.md."""

from __future__ import annotations

import json
from typing import Any


def _table(rows: dict[str, dict[str, Any]], columns: list[str] | None = None) -> list[str]:
    rows = {k: v for k, v in rows.items() if isinstance(v, dict)}
    if not rows:
        return []
    cols = columns or sorted({c for r in rows.values() for c in r if not isinstance(r[c], (dict, list))})
    out = ["| case | " + " | ".join(cols) + " |", "|---|" + "---|" * len(cols)]
    for name, row in rows.items():
        out.append(f"| {name} | " + " | ".join(_cell(row.get(c)) for c in cols) + " |")
    return out


def _cell(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:,.2f}"
    if isinstance(value, list):
        return " / ".join(_cell(v) for v in value)
    return str(value)


def _ml_runtime(ml: dict[str, Any]) -> list[str]:
    lines = ["## ML runtime (benchmarks/ml_bench.py, milliseconds)", ""]
    if "skipped" in ml:
        return [*lines, f"Skipped: {ml['skipped']}", ""]
    lines += [f"Model `{ml.get('model_version')}`, batch-invariant: {ml.get('batch_invariant')}.", ""]
    if ml.get("latency"):
        lines += [
            "Latency by sequence length and batch size: the bare `session.run` on ready inputs vs",
            "`OnnxClassifier.classify` (tokenise, window, run, post-process).",
            "",
            "| tokens | batch | bare run (batched) | bare run (row by row) | classify | overhead |",
            "|---|---|---|---|---|---|",
        ]
        for row in ml["latency"]:
            lines.append(
                f"| {row['seq_tokens']} | {row['batch']} | {_cell(row['bare_run_batched']['median_ms'])} | "
                f"{_cell(row['bare_run_per_row']['median_ms'])} | {_cell(row['classify']['median_ms'])} | "
                f"{_cell(row.get('overhead_pct'))} % |"
            )
        lines.append("")
    if ml.get("options"):
        lines += [
            "Session options (batch 1):",
            "",
            "| threads | optimisation | tokens | median | p95 |",
            "|---|---|---|---|---|",
        ]
        lines += [
            f"| {o['threads']} | {o['optimization']} | {o['seq_tokens']} | "
            f"{_cell(o['median_ms'])} | {_cell(o['p95_ms'])} |"
            for o in ml["options"]
        ]
        lines.append("")
    batching = ml.get("batching")
    if batching:
        lines += ["Micro-batching, 32 threads scoring unique prompts (each run listed):", ""]
        lines += ["| mode | texts/s | p50 | p99 |", "|---|---|---|---|"]
        for mode, runs in batching.items():
            if isinstance(runs, list):
                lines += [
                    f"| {mode} | {_cell(r['throughput_per_s'])} | {_cell(r['p50_ms'])} | {_cell(r['p99_ms'])} |"
                    for r in runs
                ]
        sizes = {k: v for k, v in batching.items() if k.endswith("batch_sizes")}
        lines += ["", "Batch sizes seen: " + json.dumps(sizes), ""]
    for key in ("memory", "startup"):
        if ml.get(key):
            lines += [f"{key.capitalize()}: " + ", ".join(f"{k} {v}" for k, v in ml[key].items()), ""]
    return lines


def render(results: dict[str, Any]) -> str:
    m = results["machine"]
    lines = [
        "# Benchmarks",
        "",
        f"Measured {m['date']} on {m['cpu']}, {m['cores']} CPUs, Python {m['python']}"
        f"{' (quick mode)' if results.get('quick') else ''}; the whole run took {results.get('wall_s', '?')} s.",
        "Every ratio below comes from this one run; absolute numbers move with machine load.",
        "Regenerate with `python -m benchmarks` (`--quick` for a short run).",
        "",
        "Versions: " + ", ".join(f"{k} {v}" for k, v in m["versions"].items() if v),
        "",
        "Installed size of the runtime dependencies (MB): "
        + ", ".join(f"{k} {v}" for k, v in m["runtime_install_mb"].items())
        + f" (total {sum(m['runtime_install_mb'].values()):.0f} MB)",
        "",
        "## Heuristic pipeline (`Shield.scan`, no model, cache off; microseconds)",
        "",
    ]
    heur = results["heuristics"]
    lines += _table({k: v for k, v in heur.items() if isinstance(v, dict)}, ["n", "p50_us", "p95_us", "p99_us"])
    lines += ["", f"Growth from 1 KB to 100 KB: {heur.get('growth_100KB_over_1KB')}x (linear would be 100x).", ""]
    if "guard_stages" in results:
        lines += _guard_stages(results["guard_stages"])
    if "model" in results:
        lines += ["## Model end to end (`Shield.scan` with the bundled model, unique prompts, cache off)", ""]
        model = results["model"]
        if "skipped" in model:
            lines += [f"Skipped: {model['skipped']}", ""]
        else:
            lines += [f"Model: `{model['model_version']}`", ""]
            lines += _table(
                {k: v for k, v in model.items() if isinstance(v, dict)}, ["n", "p50_us", "p95_us", "p99_us"]
            )
            lines.append("")
    if "ml_runtime" in results:
        lines += _ml_runtime(results["ml_runtime"])
    if "http" in results:
        lines += [
            "## HTTP (wrk on 127.0.0.1, unique ~500-byte chat bodies, 32 connections; "
            "server pinned to CPU 0, wrk to CPU 1; the four uvicorn heuristic cases run in turns, "
            "in short bursts against servers that stay up, and show their median burst; "
            "ratios are medians of per-burst ratios)",
            "",
        ]
        http = results["http"]
        if "skipped" in http:
            lines += [f"Skipped: {http['skipped']}", ""]
        else:
            lines += _table(
                {k: v for k, v in http.items() if k != "ratios"},
                ["rps", "p50_ms", "p99_ms", "server_cpu_us_per_request", "non_2xx", "rps_by_burst", "cpu_us_by_burst"],
            )
            lines += ["", "Ratios (same run):", ""] + [f"- {k}: {v}" for k, v in http["ratios"].items()] + [""]
    if "peers" in results:
        lines += _peers(results["peers"])
    return "\n".join(lines)


def _guard_stages(stages: dict[str, Any]) -> list[str]:
    lines = [
        "## Where a guarded request's time goes (benchmarks/guard_stages.py: raw ASGI calls in "
        "process, ~500-byte chat bodies, heuristics only; microseconds)",
        "",
    ]
    lines += _table({k: v for k, v in stages.items() if isinstance(v, dict)}, ["n", "p50_us", "p95_us", "p99_us"])
    lines += [
        "",
        f"Added by the guard at the median: {stages['added_us_p50']} us, of which "
        f"{stages['added_without_scanning_us_p50']} us with every scan a cache hit (reading, parsing "
        f"and replaying the body, {stages['pieces_per_request']} pieces looked up, verdicts merged) "
        f"and {stages['scanning_in_app_us_p50']} us computing the scans. Parts timed alone in a "
        "tight loop run faster than inside the app.",
        "",
    ]
    return lines


def _peers(peers: dict[str, Any]) -> list[str]:
    lines = ["## Side by side with LLM Guard and detect-secrets (same texts, same run)", ""]
    if "skipped" in peers:
        return [*lines, f"Skipped: {peers['skipped']}", ""]
    groups = sorted({g for t in peers["timings_us"].values() for g in t})
    lines += [
        "p50 microseconds per text:",
        "",
        "| scanner | " + " | ".join(groups) + " |",
        "|---|" + "---|" * len(groups),
    ]
    for name, t in peers["timings_us"].items():
        lines.append(f"| {name} | " + " | ".join(_cell(t[g]["p50_us"]) if g in t else "-" for g in groups) + " |")
    lines += ["", "Peer p50 / our p50:", ""] + [f"- {k}: {v}x" for k, v in peers["p50_ratio_peer_over_ours"].items()]
    lines += ["", "Secrets corpus (../shared/data/secrets/peer_corpus.jsonl):", ""]
    lines += ["| scanner | caught | false positives |", "|---|---|---|"]
    for name, r in peers["secrets_corpus"].items():
        lines.append(f"| {name} | {r['caught']}/{r['positives']} | {r['false_positives']}/{r['negatives']} |")
    errors = {k: v for k, v in peers.items() if k.endswith("_error")}
    if errors:
        lines += ["", "Errors: " + json.dumps(errors)]
    return [*lines, ""]


if __name__ == "__main__":
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    data = json.loads((root / "benchmarks" / "results.json").read_text())
    (root / "BENCHMARKS.md").write_text(render(data))
    print("re-rendered BENCHMARKS.md", file=sys.stderr)
