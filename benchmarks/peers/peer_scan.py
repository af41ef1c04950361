"""Runs INSIDE the peers' virtual environment (LLM Guard, detect-secrets); never imports our package.

    python peer_scan.py INPUT.json OUTPUT.json

INPUT: {"groups": {name: [text, ...]}, "corpus": [{"text", "label"}...], "banned": [...], "patterns": [...]}.
OUTPUT: p50 / p95 microseconds per scanner and group, and which corpus rows each secrets scanner flags.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from typing import Any


def timed(fn: Any, texts: list[str]) -> dict[str, float]:
    # The same measurement as benchmarks.stats.time_calls, repeated here because this file runs
    # in the peers' environment, where our package is not installed.
    for t in texts[:5]:
        fn(t)
    samples = []
    for t in texts:
        t0 = time.perf_counter_ns()
        fn(t)
        samples.append((time.perf_counter_ns() - t0) / 1000.0)
    samples.sort()
    return {
        "n": len(samples),
        "p50_us": round(statistics.median(samples), 1),
        "p95_us": round(samples[int(0.95 * (len(samples) - 1))], 1),
    }


def main() -> None:
    with open(sys.argv[1]) as fh:
        data = json.load(fh)
    out: dict[str, Any] = {"timings": {}, "corpus": {}}
    import logging

    logging.disable(logging.CRITICAL)
    scanners: dict[str, Any] = {}
    try:
        from llm_guard.input_scanners import BanSubstrings, InvisibleText, Regex, Secrets

        llm_secrets = Secrets()
        scanners["llm_guard.Secrets"] = lambda t: llm_secrets.scan(t)[1] is False
        invisible = InvisibleText()
        scanners["llm_guard.InvisibleText"] = lambda t: invisible.scan(t)[1] is False
        ban = BanSubstrings(substrings=data["banned"], case_sensitive=False)
        scanners["llm_guard.BanSubstrings"] = lambda t: ban.scan(t)[1] is False
        regex = Regex(patterns=data["patterns"])
        scanners["llm_guard.Regex"] = lambda t: regex.scan(t)[1] is False
    except Exception as exc:  # a broken install is reported, not hidden
        out["llm_guard_error"] = f"{type(exc).__name__}: {exc}"
    try:
        from detect_secrets.core.scan import _is_filtered_out, _scan_line, get_code_snippet
        from detect_secrets.settings import default_settings, get_plugins

        def detect(text: str) -> bool:
            # What `detect-secrets scan` does per line of a file (scan_line() for ad-hoc
            # strings turns on "eager search", which flags almost any quoted word).
            with default_settings():
                lines = text.splitlines()
                for n, line in enumerate(lines, 1):
                    context = get_code_snippet(lines=lines, line_number=n)
                    for plugin in get_plugins():
                        for secret in _scan_line(
                            plugin=plugin,
                            filename="adhoc.txt",
                            line=line,
                            line_number=n,
                            enable_eager_search=False,
                            context=context,
                        ):
                            if not _is_filtered_out(
                                required_filter_parameters=["context"],
                                filename=secret.filename,
                                secret=secret.secret_value,
                                plugin=plugin,
                                line=line,
                                context=context,
                            ):
                                return True
            return False

        from detect_secrets.core.scan import scan_line

        def detect_adhoc(text: str) -> bool:
            with default_settings():
                return any(True for line in text.splitlines() for _ in scan_line(line))

        scanners["detect_secrets"] = detect
        scanners["detect_secrets.adhoc"] = detect_adhoc
    except Exception as exc:
        out["detect_secrets_error"] = f"{type(exc).__name__}: {exc}"

    for name, fn in scanners.items():
        out["timings"][name] = {g: timed(fn, texts) for g, texts in data["groups"].items()}
        if name in ("llm_guard.Secrets", "detect_secrets", "detect_secrets.adhoc"):
            out["corpus"][name] = [bool(fn(row["text"])) for row in data["corpus"]]
    with open(sys.argv[2], "w") as fh:
        json.dump(out, fh, indent=1)


if __name__ == "__main__":
    main()
