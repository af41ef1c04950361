"""Heuristic pipeline latency: `Shield.scan` by prompt size, a 500-byte chat prompt, a cache hit.

python -m benchmarks.core [--quick]
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from shield_middleware import CacheSettings, HybridMode, MLConfig, Shield

from .stats import time_calls
from .texts import chat_prompt, prose

SIZES = {"100B": 100, "1KB": 1024, "10KB": 10 * 1024, "100KB": 100 * 1024}


def run(quick: bool = False) -> dict[str, Any]:
    uncached = Shield(MLConfig(hybrid_mode=HybridMode.HEURISTIC, cache=CacheSettings.disabled()))
    results: dict[str, Any] = {}
    for label, size in SIZES.items():
        n = {100: 3000, 1024: 2000, 10240: 400, 102400: 60}[size] // (4 if quick else 1)
        texts = [prose(size, seed) for seed in range(n)]
        results[f"heuristics_{label}"] = time_calls(uncached.scan, texts, warmup=min(20, n))
    n = 3000 // (4 if quick else 1)
    results["heuristics_chat_500B"] = time_calls(uncached.scan, [chat_prompt(s) for s in range(n)])
    cached = Shield(MLConfig(hybrid_mode=HybridMode.HEURISTIC))
    hot = chat_prompt(0)
    cached.scan(hot)
    results["cache_hit_500B"] = time_calls(cached.scan, [hot] * n)
    p1k = results["heuristics_1KB"]["p50_us"]
    results["growth_100KB_over_1KB"] = round(results["heuristics_100KB"]["p50_us"] / p1k, 1)
    return results


def run_model(quick: bool = False) -> dict[str, Any]:
    """`Shield.scan` end to end with the bundled model on unique 384-character prompts (no cache)."""
    from shield_middleware.shield import bundled_classifier

    classifier = bundled_classifier()
    if classifier is None:
        return {"skipped": "no bundled model (models/registry.json)"}
    n = 100 if quick else 400
    shield = Shield(MLConfig(cache=CacheSettings.disabled()), classifier=classifier)
    shield.preload()
    texts = [prose(384, 10_000 + s) for s in range(n)]
    out: dict[str, Any] = {"model_version": shield.model_version}
    out["scan_384_chars"] = time_calls(shield.scan, texts, warmup=20)
    out["scan_many_16x384_chars_per_text"] = {
        k: round(v / 16, 2) if k.endswith("_us") else v
        for k, v in time_calls(shield.scan_many, [texts[i : i + 16] for i in range(0, n - 16, 16)], warmup=2).items()
    }
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    print(json.dumps(run(args.quick), indent=2))


if __name__ == "__main__":
    main()
