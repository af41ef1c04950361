"""Requests per second through real servers, bare vs guarded, in one run.

uvicorn (``uvicorn[standard]`` when installed) serves the Starlette apps and gunicorn the Flask
apps of `http_apps`; wrk drives them from 127.0.0.1 with unique ~500-byte chat bodies. The
server is pinned to CPU 0 and wrk to CPU 1 when there are two or more CPUs, and the server's
CPU time per request is read from /proc, so "server time added per request" does not depend on
how busy the load generator was.

    python -m benchmarks.http_load [--quick] [--model]
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import json
import operator
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from .texts import SENTENCES

ROOT = Path(__file__).resolve().parent.parent
LUA = Path(__file__).resolve().parent / "unique_chat.lua"
CLK_TCK = os.sysconf("SC_CLK_TCK")


@functools.cache
def _sentences_file() -> Path:
    """The benchmark sentences, one per line, for the wrk script (it cannot import Python)."""
    path = Path(tempfile.gettempdir()) / "shield_bench_sentences.txt"
    path.write_text("\n".join(SENTENCES) + "\n", encoding="utf-8")
    return path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait(port: int, proc: subprocess.Popen[bytes], timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError("server exited early")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise TimeoutError("server did not start")


def _cpu_seconds(pid: int) -> float:
    total = 0.0
    pids = [pid]
    children = Path(f"/proc/{pid}/task/{pid}/children")
    if children.exists():
        pids += [int(p) for p in children.read_text().split()]
    for p in pids:
        fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        total += (int(fields[11]) + int(fields[12])) / CLK_TCK
    return total


def _pin(cpu: int) -> list[str]:
    if (os.cpu_count() or 1) >= 2 and shutil.which("taskset"):
        return ["taskset", "-c", str(cpu)]
    return []


def _server_cmd(kind: str, target: str, port: int, workers: int = 1) -> list[str]:
    if kind == "uvicorn":
        return [
            sys.executable,
            "-m",
            "uvicorn",
            f"benchmarks.http_apps:{target}",
            "--port",
            str(port),
            "--host",
            "127.0.0.1",
            "--log-level",
            "warning",
            "--no-access-log",
            "--workers",
            str(workers),
        ]
    return [
        sys.executable,
        "-m",
        "gunicorn",
        f"benchmarks.http_apps:{target}",
        "-b",
        f"127.0.0.1:{port}",
        "-w",
        str(workers),
        "--log-level",
        "warning",
    ]


def _wrk(port: int, path: str, seconds: int, connections: int, pin: bool = True) -> dict[str, Any]:
    cmd = [
        *(_pin(1) if pin else []),
        "wrk",
        "-t1",
        f"-c{connections}",
        f"-d{seconds}s",
        "--latency",
        "-s",
        str(LUA),
        f"http://127.0.0.1:{port}{path}",
        "--",
        str(_sentences_file()),
    ]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    total = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    lat = {m.group(1): _ms(m.group(2)) for m in re.finditer(r"^\s+(50|99)%\s+([\d.]+\w+)", out, re.M)}
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "rps": rps,
        "requests": total,
        "p50_ms": lat.get("50"),
        "p99_ms": lat.get("99"),
        "non_2xx": int(non2xx.group(1)) if non2xx else 0,
    }


def _ms(value: str) -> float:
    num = float(re.match(r"[\d.]+", value).group(0))  # type: ignore[union-attr]
    unit = value[len(str(re.match(r"[\d.]+", value).group(0))) :]  # type: ignore[union-attr]
    return num * {"us": 0.001, "ms": 1.0, "s": 1000.0}.get(unit, 1.0)


@contextlib.contextmanager
def _serving(kind: str, target: str, env: dict[str, str], workers: int = 1) -> Iterator[tuple[int, int]]:
    """A server process on a free port: yields (port, pid). One worker is pinned to CPU 0."""
    port = _free_port()
    proc = subprocess.Popen(
        [*(_pin(0) if workers == 1 else []), *_server_cmd(kind, target, port, workers)],
        cwd=ROOT,
        env={**os.environ, **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait(port, proc)
        yield port, proc.pid
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _timed_wrk(port: int, pid: int, path: str, seconds: int, pin: bool = True) -> dict[str, Any]:
    """wrk at 32 connections, with the server's CPU time per request."""
    cpu0 = _cpu_seconds(pid)
    result = _wrk(port, path, seconds, 32, pin)
    cpu = _cpu_seconds(pid) - cpu0
    result["server_cpu_us_per_request"] = round(cpu / max(result["requests"], 1) * 1e6, 1)
    return result


def measure(
    kind: str, target: str, path: str, *, seconds: int, env: dict[str, str], workers: int = 1
) -> dict[str, Any]:
    """One server under wrk. One worker: server pinned to CPU 0, wrk to CPU 1. Several workers:
    nothing pinned (they share both cores with wrk; only for the CPU-heavy model route, where
    wrk's share is small), and the CPU figure sums the workers."""
    pin = workers == 1
    with _serving(kind, target, env, workers) as (port, pid):
        _wrk(port, path, 1 if seconds < 5 else 2, 16, pin)  # warm-up (and model load)
        return _timed_wrk(port, pid, path, seconds, pin)


def interleaved(
    cases: dict[str, tuple[str, str]], env: dict[str, str], *, bursts: int, seconds: int
) -> dict[str, list[dict[str, Any]]]:
    """uvicorn cases measured in turns: every case's server runs for the whole measurement (an
    idle one costs nothing), and short wrk bursts go to each in turn, `bursts` times. Cases a
    few seconds apart see the same machine, which on a shared host drifts by tens of percent
    over a minute; each burst's figures are kept."""
    with contextlib.ExitStack() as stack:
        servers = {name: stack.enter_context(_serving("uvicorn", target, env)) for name, (target, _) in cases.items()}
        for name, (_, path) in cases.items():
            _wrk(servers[name][0], path, 1, 16)  # warm-up
        out: dict[str, list[dict[str, Any]]] = {name: [] for name in cases}
        names = list(cases)
        for burst in range(bursts):
            # Every other burst in reverse order: no case always follows the same one.
            for name in names if burst % 2 == 0 else names[::-1]:
                port, pid = servers[name]
                out[name].append(_timed_wrk(port, pid, cases[name][1], seconds))
        return out


def _median_burst(bursts: list[dict[str, Any]]) -> dict[str, Any]:
    """The burst with the median req/s (its figures are the case's; an odd count has one),
    every burst's req/s and server CPU per request alongside."""
    median = sorted(bursts, key=lambda r: r["rps"])[len(bursts) // 2]
    return {
        **median,
        "rps_by_burst": [r["rps"] for r in bursts],
        "cpu_us_by_burst": [r["server_cpu_us_per_request"] for r in bursts],
    }


def run(quick: bool = False, model: bool = True) -> dict[str, Any]:
    if not shutil.which("wrk"):
        return {"skipped": "wrk not found (Debian: apt-get install wrk)"}
    seconds = 3 if quick else 10
    heur = {"SHIELD_BENCH_MODE": "heuristic"}
    # The uvicorn cases behind the ratios run interleaved in short bursts, so that drift on a
    # shared machine (other tenants, CPU frequency) hits bare and guarded alike; each ratio is
    # the median of the per-burst ratios.
    # The unguarded route is compared with the same route of the bare app: Starlette's router
    # tries /chat before /other, so "/other" costs more than "/chat" in either app.
    uvicorn_cases = {
        "uvicorn bare /chat": ("bare_asgi", "/chat"),
        "uvicorn bare /other": ("bare_asgi", "/other"),
        "uvicorn guarded, unguarded route /other": ("guarded_asgi", "/other"),
        "uvicorn guarded /chat (heuristics)": ("guarded_asgi", "/chat"),
    }
    bursts = 3 if quick else 9  # odd: each case's median burst is one of its bursts
    by_burst = interleaved(uvicorn_cases, heur, bursts=bursts, seconds=2 if quick else 3)
    results: dict[str, Any] = {name: _median_burst(r) for name, r in by_burst.items()}
    cases: list[tuple[str, str, str, str, dict[str, str]]] = [
        ("gunicorn bare /chat", "gunicorn", "bare_wsgi", "/chat", heur),
        ("gunicorn guarded /chat (heuristics)", "gunicorn", "guarded_wsgi", "/chat", heur),
    ]
    model_env = {"SHIELD_BENCH_MODE": "model"}
    if model:
        cases += [
            ("uvicorn guarded /chat (model)", "uvicorn", "guarded_asgi", "/chat", model_env),
            ("gunicorn guarded /chat (model)", "gunicorn", "guarded_wsgi", "/chat", model_env),
        ]
    results.update(
        {name: measure(kind, target, path, seconds=seconds, env=env) for name, kind, target, path, env in cases}
    )
    if model:  # the "on 2 cores": two workers, one per core, wrk alongside
        two = "uvicorn guarded /chat (model, 2 workers, both cores)"
        results[two] = measure("uvicorn", "guarded_asgi", "/chat", seconds=seconds, env=model_env, workers=2)

    def per_burst(
        case: str, key: str, combine: Callable[[float, float], float], bare: str = "uvicorn bare /chat"
    ) -> float:
        pairs = zip(by_burst[case], by_burst[bare], strict=True)
        return statistics.median([combine(c[key], b[key]) for c, b in pairs])

    unguarded, guarded = "uvicorn guarded, unguarded route /other", "uvicorn guarded /chat (heuristics)"
    cpu = "server_cpu_us_per_request"
    results["ratios"] = {
        "bursts of each uvicorn heuristic case, in turns": bursts,
        "uvicorn unguarded route / bare (/other)": round(
            per_burst(unguarded, "rps", operator.truediv, "uvicorn bare /other"), 3
        ),
        "uvicorn unguarded route server us added": round(
            per_burst(unguarded, cpu, operator.sub, "uvicorn bare /other"), 1
        ),
        "uvicorn guarded heuristics / bare": round(per_burst(guarded, "rps", operator.truediv), 3),
        "uvicorn heuristics server us added": round(per_burst(guarded, cpu, operator.sub), 1),
        "gunicorn guarded heuristics / bare": round(
            results["gunicorn guarded /chat (heuristics)"]["rps"] / results["gunicorn bare /chat"]["rps"], 3
        ),
    }
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--no-model", action="store_true")
    args = parser.parse_args()
    print(json.dumps(run(args.quick, model=not args.no_model), indent=2))


if __name__ == "__main__":
    main()
