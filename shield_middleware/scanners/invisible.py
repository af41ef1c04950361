"""Invisible and format characters in the original text, located so they can be masked.

What a person cannot see can still steer a model: Unicode tag characters carry a hidden ASCII
copy of a prompt ("ASCII smuggling"), bidi overrides make text read differently from how it is
stored (Trojan Source), runs of zero-width characters and variation selectors can encode data,
and zero-width characters inside words break keyword matching. Ordinary text uses some of
these characters too, and those stay quiet: ZWJ inside emoji sequences, ZWJ/ZWNJ in Arabic or
Indic words, zero-width spaces between Thai words, a leading byte-order mark, the tag letters of
the England / Scotland / Wales flags, and direction marks in Hebrew or Arabic text.

One finding per contiguous run (runs of different kinds that touch are merged), with its span
in the scanned text and a score that grades how suspicious the run is.
"""

from __future__ import annotations

import re

from ..categories import INVISIBLE_TEXT
from ..verdict import DetectionMethod, Finding

#: At most this many findings per text (a hostile text can hold thousands of runs).
MAX_FINDINGS = 1000

_TAGS = "\U000e0000-\U000e007f"
_BIDI = "\u202a-\u202e\u2066-\u2069"
_MARKS = "\u200e\u200f\u061c"
_ZERO_WIDTH = "\u200b-\u200d\u2060\ufeff"
_SELECTORS = "\ufe00-\ufe0f\U000e0100-\U000e01ef"
_PRIVATE_USE = "\ue000-\uf8ff\U000f0000-\U000ffffd\U00100000-\U0010fffd"
_FILLERS = "\u115f\u1160\u3164\uffa0"
_OTHER_FORMAT = (
    "\u00ad\u0600-\u0605\u06dd\u070f\u0890\u0891\u08e2\u180e\u2061-\u2064\u206a-\u206f\ufff9-\ufffb"
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
)
_ANY_RUN_RE = re.compile(f"[{_TAGS}{_BIDI}{_MARKS}{_ZERO_WIDTH}{_SELECTORS}{_PRIVATE_USE}{_FILLERS}{_OTHER_FORMAT}]+")
_KIND_RE = re.compile(
    f"(?P<tags>[{_TAGS}]+)|(?P<bidi>[{_BIDI}]+)|(?P<marks>[{_MARKS}]+)|(?P<zero_width>[{_ZERO_WIDTH}]+)"
    f"|(?P<selectors>[{_SELECTORS}]+)|(?P<private_use>[{_PRIVATE_USE}]+)|(?P<fillers>[{_FILLERS}]+)"
    f"|(?P<format>[{_OTHER_FORMAT}]+)"
)
_FLAG_TAGS_RE = re.compile("[\U000e0030-\U000e0039\U000e0061-\U000e007a]{1,6}\U000e007f")
_OVERRIDES = frozenset("\u202d\u202e")
_RTL_LETTER_RE = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")


def scan(text: str) -> list[Finding]:
    """Findings (category ``invisible_text``) for runs of hidden characters in `text`."""
    if text.isascii():
        return []
    runs: list[tuple[int, int, float, str]] = []
    rtl: list[bool] = []  # computed on first need: whether the text has Hebrew/Arabic letters
    for run in _ANY_RUN_RE.finditer(text):
        for part in _KIND_RE.finditer(text, run.start(), run.end()):
            kind = part.lastgroup or "format"
            graded = _grade(kind, text, part.start(), part.end(), rtl)
            if graded is None:
                continue
            score, detail = graded
            start, end = part.span()
            if runs and runs[-1][1] == start:
                # Touching runs of different kinds are one hidden stretch: one span to mask.
                prev_start, _, prev_score, prev_detail = runs[-1]
                keep = (score, detail) if score > prev_score else (prev_score, prev_detail)
                runs[-1] = (prev_start, end, *keep)
            elif len(runs) < MAX_FINDINGS:
                runs.append((start, end, score, detail))
    return [
        Finding(INVISIBLE_TEXT, score, DetectionMethod.HEURISTIC, detail, (start, end))
        for start, end, score, detail in runs
    ]


def _grade(kind: str, text: str, start: int, end: int, rtl: list[bool]) -> tuple[float, str] | None:
    """Score and name one run of a single kind, or None where it is ordinary text."""
    length = end - start
    if kind == "tags":
        if start > 0 and text[start - 1] == "\U0001f3f4" and _FLAG_TAGS_RE.fullmatch(text, start, end):
            return None  # a subdivision flag such as England's
        return 0.95, "tag_characters"
    if kind == "bidi":
        if any(c in _OVERRIDES for c in text[start:end]):
            return 0.8, "bidi_override"
        return (0.3, "bidi_control") if _has_rtl(text, rtl) else (0.6, "bidi_control")
    if kind == "marks":
        return None if _has_rtl(text, rtl) else (0.2, "bidi_mark")
    if kind == "zero_width":
        if length >= 8:
            return 0.7, "zero_width_run"
        if length >= 2:
            return 0.65, "zero_width_run"
        return _grade_single_zero_width(text, start)
    if kind == "selectors":
        if length >= 4:
            return 0.8, "variation_selector_run"  # one selector per byte: "emoji smuggling"
        return (0.4, "variation_selector_run") if length >= 2 else None
    if kind == "private_use":
        return 0.5, "private_use"
    if kind == "fillers":
        return 0.4, "hangul_filler"
    return (0.35, "format_characters") if length >= 4 else (0.2, "format_character")


def _grade_single_zero_width(text: str, index: int) -> tuple[float, str] | None:
    char = text[index]
    before = text[index - 1] if index > 0 else ""
    after = text[index + 1] if index + 1 < len(text) else ""
    if char == "\ufeff" and index == 0:
        return None  # a byte-order mark
    if char == "\u200d" and _emoji_like(before) and _emoji_like(after):
        return None  # an emoji ZWJ sequence such as 👨‍👩‍👧
    if before.isalnum() and after.isalnum() and (_western(before) or _western(after)):
        return 0.6, "zero_width_in_word"  # "ig\u200bnore": breaks keyword matching
    return None  # ZWNJ in Persian, ZWJ in Indic scripts, ZWSP between Thai words


def _has_rtl(text: str, cache: list[bool]) -> bool:
    if not cache:
        cache.append(_RTL_LETTER_RE.search(text) is not None)
    return cache[0]


def _emoji_like(char: str) -> bool:
    if not char:
        return False
    cp = ord(char)
    return cp >= 0x1F000 or 0x2000 <= cp <= 0x2BFF or cp in (0xFE0F, 0x20E3, 0x3030, 0x303D, 0xA9, 0xAE)


def _western(char: str) -> bool:
    """Latin, Greek, Cyrillic or Armenian: scripts that never need a zero-width joiner."""
    cp = ord(char)
    return cp < 0x0590 or 0x1E00 <= cp <= 0x1FFF
