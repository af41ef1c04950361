"""One command for the measured report: ``python -m benchmarks [--quick]``.

Runs the heuristic pipeline, where a guarded request's time goes, the model end to end, the ML
runtime (latency by length and batch, micro-batching, memory, start-up), HTTP through uvicorn
and gunicorn (bare vs guarded), and optionally the peers (LLM Guard, detect-secrets) on the
same texts; writes BENCHMARKS.md and benchmarks/results.json. Every comparison is a ratio from
this one run.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from . import core, guard_stages, http_load, machine, report

ROOT = Path(__file__).resolve().parent.parent


def run_ml(quick: bool) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "ml.json"
        cmd = [sys.executable, str(ROOT / "benchmarks" / "ml_bench.py"), "--json", str(out)]
        if quick:
            # The quick report keeps every section but fewer shapes (it must finish in ~2 minutes).
            cmd += [
                "--quick",
                "--seq",
                "16",
                "64",
                "128",
                "--batch",
                "1",
                "4",
                "--sections",
                "latency,batching,memory,startup",
            ]
        else:
            # The shipped model runs at fp32 speed: 10 repeats keep the full run near 10 minutes.
            cmd += ["--repeats", "10", "--batch", "1", "4", "16"]
        try:
            done = subprocess.run(cmd, capture_output=True, text=True, timeout=1200)
        except subprocess.TimeoutExpired:
            return {"skipped": "ml_bench took longer than 20 minutes"}
        if done.returncode != 0 or not out.exists():
            return {"skipped": f"ml_bench failed: {(done.stderr or done.stdout).strip()[-400:]}"}
        result: dict[str, Any] = json.loads(out.read_text())
        return result


def run_peers(quick: bool) -> dict[str, Any]:
    from .peers import run as peers_run

    return peers_run.run(quick)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="fewer iterations: under two minutes")
    parser.add_argument("--no-http", action="store_true")
    parser.add_argument("--no-ml", action="store_true")
    parser.add_argument("--peers", action="store_true", help="also install and time LLM Guard / detect-secrets")
    parser.add_argument("--out", type=Path, default=ROOT / "BENCHMARKS.md")
    parser.add_argument("--json", type=Path, default=ROOT / "benchmarks" / "results.json")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    results: dict[str, Any] = {"machine": machine.describe(), "quick": args.quick}
    steps: list[tuple[str, Any]] = [
        ("heuristics", lambda: core.run(args.quick)),
        ("guard_stages", lambda: guard_stages.run(args.quick)),
    ]
    if not args.no_ml:
        steps += [("model", lambda: core.run_model(args.quick)), ("ml_runtime", lambda: run_ml(args.quick))]
    if not args.no_http:
        steps.append(("http", lambda: http_load.run(args.quick, model=not args.no_ml)))
    if args.peers:
        steps.append(("peers", lambda: run_peers(args.quick)))
    for name, step in steps:
        print(f"benchmarks: {name} ...", file=sys.stderr, flush=True)
        t0 = time.perf_counter()
        results[name] = step()
        print(f"benchmarks: {name} done in {time.perf_counter() - t0:.0f}s", file=sys.stderr, flush=True)
    results["wall_s"] = round(time.perf_counter() - started, 1)
    args.json.write_text(json.dumps(results, indent=2) + "\n")
    args.out.write_text(report.render(results))
    print(f"benchmarks: wrote {args.out} and {args.json} in {results['wall_s']}s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
