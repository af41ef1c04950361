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
    return str(value)


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
        lines += [
            "## ML runtime (benchmarks/ml_bench.py)",
            "",
            "```json",
            json.dumps(results["ml_runtime"], indent=1),
            "```",
            "",
        ]
    if "http" in results:
        lines += ["## HTTP (wrk on 127.0.0.1, unique ~500-byte chat bodies, 32 connections)", ""]
        http = results["http"]
        if "skipped" in http:
            lines += [f"Skipped: {http['skipped']}", ""]
        else:
            lines += _table(
                {k: v for k, v in http.items() if k != "ratios"},
                ["rps", "p50_ms", "p99_ms", "server_cpu_us_per_request", "non_2xx"],
            )
            lines += ["", "Ratios (same run):", ""] + [f"- {k}: {v}" for k, v in http["ratios"].items()] + [""]
    if "peers" in results:
        lines += ["## Side by side with LLM Guard and detect-secrets (same texts, same run)", ""]
        lines += ["```json", json.dumps(results["peers"], indent=1), "```", ""]
    return "\n".join(lines)
