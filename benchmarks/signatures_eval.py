"""How often the signature scanner fires on the labelled prompts, per label and per source.

Reads ``../shared/data/prompts/train.jsonl`` by path (never copied into the repository) and
prints, for each label and each source, the share of rows whose prompt-injection or jailbreak
signature score reaches the threshold. Benign rows that fire are false positives (the target is
below 1 %); attack rows that fire are the heuristic layer's recall (the model covers the rest).

    python -m benchmarks.signatures_eval [--data PATH] [--threshold 0.5] [--show 10]
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path

from shield_middleware.categories import JAILBREAK, PROMPT_INJECTION
from shield_middleware.normalize import normalize
from shield_middleware.scanners import signatures

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "prompts" / "train.jsonl"


def signature_score(text: str) -> tuple[float, str]:
    """The highest prompt-injection / jailbreak signature score for `text`, and its rules."""
    best, detail = 0.0, ""
    for finding in signatures.scan(normalize(text)):
        if finding.category in (PROMPT_INJECTION, JAILBREAK) and finding.score > best:
            best, detail = finding.score, f"{finding.category}:{finding.detail}"
    return best, detail


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--threshold", type=float, default=0.5)
    parser.add_argument("--show", type=int, default=0, help="print up to N benign rows that fire")
    args = parser.parse_args(argv)

    totals: Counter[tuple[str, str]] = Counter()
    fired: Counter[tuple[str, str]] = Counter()
    benign_hits: list[tuple[float, str, str, str]] = []
    rules: defaultdict[str, Counter[str]] = defaultdict(Counter)
    started = time.perf_counter()
    rows = 0
    with args.data.open(encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            rows += 1
            score, detail = signature_score(row["text"])
            key = (row["label"], row["source"])
            totals[key] += 1
            if score >= args.threshold:
                fired[key] += 1
                rules[row["label"]][detail.split("+")[0]] += 1
                if row["label"] == "benign":
                    benign_hits.append((score, row["source"], detail, row["text"]))
    elapsed = time.perf_counter() - started

    print(f"{rows} rows in {elapsed:.1f} s ({elapsed / max(rows, 1) * 1e6:.0f} us/row incl. normalize)")
    print(f"\nper label: share with a signature score >= {args.threshold}")
    for label in sorted({label for label, _ in totals}):
        n = sum(v for (lab, _), v in totals.items() if lab == label)
        k = sum(v for (lab, _), v in fired.items() if lab == label)
        print(f"  {label:20s} {k:5d} / {n:6d}  {100 * k / n:6.2f} %")
    print("\nper source")
    for (label, source), n in sorted(totals.items()):
        k = fired[(label, source)]
        print(f"  {label:20s} {source:32s} {k:5d} / {n:6d}  {100 * k / n:6.2f} %")
    print("\ntop rules per label")
    for label, counter in sorted(rules.items()):
        print(f"  {label}: {counter.most_common(6)}")
    for score, source, detail, text in sorted(benign_hits, reverse=True)[: args.show]:
        print(f"\n[{score:.2f} {source} {detail}] {text[:300]!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
