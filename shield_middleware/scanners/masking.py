"""Replace located findings with placeholders such as ``[REDACTED:secrets]``."""

from __future__ import annotations

from collections.abc import Iterable

from ..verdict import Finding


def merge_spans(spans: Iterable[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Sort spans and merge overlapping ones; the earlier span's label wins."""
    merged: list[tuple[int, int, str]] = []
    for start, end, label in sorted(spans):
        if merged and start < merged[-1][1]:
            prev_start, prev_end, prev_label = merged[-1]
            merged[-1] = (prev_start, max(prev_end, end), prev_label)
        else:
            merged.append((start, end, label))
    return merged


def mask_spans(text: str, findings: Iterable[Finding], categories: Iterable[str]) -> str:
    """Return `text` with the spans of findings in `categories` replaced by a placeholder."""
    wanted = set(categories)
    spans = [
        (f.span[0], f.span[1], f.category)
        for f in findings
        if f.span is not None and f.category in wanted and f.span[0] < f.span[1]
    ]
    if not spans:
        return text
    parts: list[str] = []
    cursor = 0
    for start, end, label in merge_spans(spans):
        parts.append(text[cursor:start])
        parts.append(f"[REDACTED:{label}]")
        cursor = end
    parts.append(text[cursor:])
    return "".join(parts)
