"""Install the peers into .venv-peers (once) and time them against our scanners on the same texts.

LLM Guard needs torch: the local CPU wheel (``pip install torch==2.13.0``) is installed first so
that pip does not fetch a CUDA build. When the install fails, the step says so and is skipped.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from shield_middleware.scanners import invisible, secrets
from shield_middleware.scanners.limits import PatternScanner, SubstringScanner

from ..stats import time_calls
from ..texts import chat_prompt, prose

ROOT = Path(__file__).resolve().parents[2]
VENV = ROOT / ".venv-peers"
CORPUS = ROOT.parent / "shared" / "data" / "secrets" / "peer_corpus.jsonl"
BANNED = ["project nightingale", "internal only", "confidential roadmap", "do not distribute"]
PATTERNS = [r"\bTICKET-\d{4,6}\b", r"\bEMP\d{6}\b"]


def _python() -> Path:
    return VENV / "bin" / "python"


def ensure_venv() -> str | None:
    """None when the peers are importable, else why not."""
    if not _python().exists():
        steps = [
            [sys.executable, "-m", "venv", str(VENV)],
            [str(_python()), "-m", "pip", "install", "-q", "torch==2.13.0"],
            [str(_python()), "-m", "pip", "install", "-q", "llm-guard", "detect-secrets"],
        ]
        for cmd in steps:
            done = subprocess.run(cmd, capture_output=True, text=True)
            if done.returncode != 0:
                return f"{' '.join(cmd[-2:])} failed: {done.stderr.strip()[-300:]}"
    check = subprocess.run([str(_python()), "-c", "import llm_guard, detect_secrets"], capture_output=True, text=True)
    return None if check.returncode == 0 else f"peers not importable: {check.stderr.strip()[-300:]}"


def run(quick: bool = False) -> dict[str, Any]:
    why = ensure_venv()
    if why is not None:
        return {"skipped": why}
    n = 30 if quick else 150
    groups = {
        "chat_500B": [chat_prompt(s) for s in range(n)],
        "1KB": [prose(1024, s) for s in range(n)],
        "10KB": [prose(10 * 1024, s) for s in range(n // 3)],
    }
    corpus = [json.loads(line) for line in CORPUS.read_text().splitlines()] if CORPUS.exists() else []
    with tempfile.TemporaryDirectory() as tmp:
        src, dst = Path(tmp) / "in.json", Path(tmp) / "out.json"
        src.write_text(json.dumps({"groups": groups, "corpus": corpus, "banned": BANNED, "patterns": PATTERNS}))
        done = subprocess.run(
            [str(_python()), str(Path(__file__).with_name("peer_scan.py")), str(src), str(dst)],
            capture_output=True,
            text=True,
            timeout=1800,
        )
        if done.returncode != 0:
            return {"skipped": f"peer run failed: {done.stderr.strip()[-400:]}"}
        peers = json.loads(dst.read_text())
    substrings = SubstringScanner(BANNED)
    patterns = PatternScanner({f"pattern{i}": p for i, p in enumerate(PATTERNS)})
    ours: dict[str, Callable[[str], object]] = {
        "shield.secrets": secrets.scan,
        "shield.invisible_text": invisible.scan,
        "shield.banned_substrings": lambda t: substrings.scan(t.casefold()),
        "shield.custom_regex": patterns.scan,
    }
    timings = dict(peers["timings"])
    for name, fn in ours.items():
        timings[name] = {g: time_calls(fn, texts, warmup=5) for g, texts in groups.items()}
    pairs = [
        ("shield.secrets", "llm_guard.Secrets"),
        ("shield.secrets", "detect_secrets"),
        ("shield.invisible_text", "llm_guard.InvisibleText"),
        ("shield.banned_substrings", "llm_guard.BanSubstrings"),
        ("shield.custom_regex", "llm_guard.Regex"),
    ]
    speedups = {
        f"{peer} / {mine} ({g})": round(timings[peer][g]["p50_us"] / max(timings[mine][g]["p50_us"], 0.01), 1)
        for mine, peer in pairs
        if peer in timings
        for g in groups
    }
    labels = [int(r["label"]) for r in corpus]
    found = {"shield.secrets": [bool(secrets.scan(r["text"])) for r in corpus], **peers["corpus"]}
    corpus_result = {
        name: {
            "caught": sum(f and y for f, y in zip(flags, labels, strict=True)),
            "positives": sum(labels),
            "false_positives": sum(f and not y for f, y in zip(flags, labels, strict=True)),
            "negatives": len(labels) - sum(labels),
        }
        for name, flags in found.items()
    }
    return {
        "timings_us": timings,
        "p50_ratio_peer_over_ours": speedups,
        "secrets_corpus": corpus_result,
        **{k: v for k, v in peers.items() if k.endswith("_error")},
    }
