"""Per-type recall and precision of the PII scanner on Presidio's synthetic sentences.

Reads ``../shared/data/pii/presidio_synth_dataset_v2.json`` (or ``--data PATH``) and compares
`shield_middleware.scanners.pii.scan` with the labelled spans of the types the scanner covers.
A prediction counts as correct when it overlaps a labelled span of the same type; ``exact``
also asks for the same boundaries (ignoring surrounding whitespace).

    python -m benchmarks.pii_eval [--data PATH] [--show-errors N]
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from shield_middleware.scanners import pii

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "pii" / "presidio_synth_dataset_v2.json"

# Presidio entity type -> our detail names.
TYPES = {
    "EMAIL_ADDRESS": ("email",),
    "PHONE_NUMBER": ("phone",),
    "CREDIT_CARD": ("credit_card",),
    "IBAN_CODE": ("iban",),
    "US_SSN": ("us_ssn",),
    "IP_ADDRESS": ("ipv4", "ipv6"),
}
DETAIL_TO_TYPE = {d: t for t, details in TYPES.items() for d in details}


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--show-errors", type=int, default=0, metavar="N", help="print N misses and N false alarms")
    args = parser.parse_args(argv)
    rows = json.loads(args.data.read_text(encoding="utf-8"))

    gold_n: Counter[str] = Counter()
    gold_found: Counter[str] = Counter()
    pred_n: Counter[str] = Counter()
    pred_ok: Counter[str] = Counter()
    exact: Counter[str] = Counter()
    misses: list[str] = []
    false_alarms: list[str] = []
    elapsed = 0.0
    chars = 0
    for row in rows:
        text = row["full_text"]
        gold = [
            (s["entity_type"], (s["start_position"], s["end_position"]))
            for s in row["spans"]
            if s["entity_type"] in TYPES
        ]
        t0 = time.perf_counter()
        found = pii.scan(text)
        elapsed += time.perf_counter() - t0
        chars += len(text)
        preds = [(DETAIL_TO_TYPE[f.detail], f.span) for f in found if f.span is not None]
        for etype, span in gold:
            gold_n[etype] += 1
            if any(t == etype and _overlaps(span, p) for t, p in preds):
                gold_found[etype] += 1
            else:
                misses.append(f"{etype}: {text[span[0] : span[1]]!r} in {text[max(0, span[0] - 40) : span[1] + 20]!r}")
        for etype, span in preds:
            pred_n[etype] += 1
            if any(t == etype and _overlaps(span, g) for t, g in gold):
                pred_ok[etype] += 1
                if any(t == etype and text[g[0] : g[1]].strip() == text[span[0] : span[1]] for t, g in gold):
                    exact[etype] += 1
            else:
                false_alarms.append(
                    f"{etype}: {text[span[0] : span[1]]!r} in {text[max(0, span[0] - 40) : span[1] + 20]!r}"
                )

    print(f"{'type':14} {'gold':>5} {'recall':>7} {'pred':>5} {'precision':>9} {'exact':>6}")
    for etype in TYPES:
        recall = gold_found[etype] / gold_n[etype] if gold_n[etype] else float("nan")
        precision = pred_ok[etype] / pred_n[etype] if pred_n[etype] else float("nan")
        print(f"{etype:14} {gold_n[etype]:5d} {recall:7.3f} {pred_n[etype]:5d} {precision:9.3f} {exact[etype]:6d}")
    print(f"{len(rows)} texts, {chars} chars, scan {elapsed * 1e3:.1f} ms ({elapsed / len(rows) * 1e6:.1f} us/text)")
    for line in misses[: args.show_errors]:
        print("MISS", line)
    for line in false_alarms[: args.show_errors]:
        print("FALSE", line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
