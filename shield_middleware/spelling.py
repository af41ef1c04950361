"""Spelling alphabets a model reads back: Morse code and the NATO alphabet.

Each reader is gated by cheap counts (a regex search over every character costs ~30 ns each)
and returns the letters it read, or None. Callers cut the reading to their own limit.
"""

from __future__ import annotations

import re

# Characters of a text these readers look at.
_READ_CHARS = 32768

# Morse code: eight or more codes apart by spaces or slashes (disjoint classes: linear).
_MORSE_RUN_RE = re.compile(r"(?:[.\-]{1,7}(?: {1,3}| ?[/|] ?)){7,}[.\-]{1,7}")
_MORSE_WORD_GAP_RE = re.compile(r" ?[/|] ?| {3}")
# Dots and dashes as typography writes them ("·−", "•—"), maybe mixed with ASCII ones ("·-",
# ".−"): a typographic mark next to a mark of the other kind, ASCII or not, is Morse-like.
_TYPOGRAPHIC_DOTS = "·•∙⋅"
_TYPOGRAPHIC_DASHES = "−—–‒"
_MORSE_MARKS = str.maketrans(_TYPOGRAPHIC_DOTS + _TYPOGRAPHIC_DASHES, "...." + "----")
_MORSE_MARK_RE = re.compile(
    f"[{_TYPOGRAPHIC_DOTS}][{_TYPOGRAPHIC_DASHES}\\-]|[{_TYPOGRAPHIC_DASHES}\\-][{_TYPOGRAPHIC_DOTS}]"
    f"|[{_TYPOGRAPHIC_DASHES}]\\.|\\.[{_TYPOGRAPHIC_DASHES}]"
)
_MORSE = dict(
    zip(
        [
            ".-",
            "-...",
            "-.-.",
            "-..",
            ".",
            "..-.",
            "--.",
            "....",
            "..",
            ".---",
            "-.-",
            ".-..",
            "--",
            "-.",
            "---",
            ".--.",
            "--.-",
            ".-.",
            "...",
            "-",
            "..-",
            "...-",
            ".--",
            "-..-",
            "-.--",
            "--..",
            "-----",
            ".----",
            "..---",
            "...--",
            "....-",
            ".....",
            "-....",
            "--...",
            "---..",
            "----.",
        ],
        "abcdefghijklmnopqrstuvwxyz0123456789",
        strict=True,
    )
)

# NATO spelling alphabet (and its common variants): six or more code words apart by spaces,
# commas, dots or hyphens (a "/", "|", line break or three spaces marks a word). Linear: the
# code words hold letters only (x-ray's hyphen aside, and "x" alone is no code word), the
# separators none.
_NATO_CODE_WORDS = (
    "alfa",
    "alpha",
    "bravo",
    "charlie",
    "delta",
    "echo",
    "foxtrot",
    "golf",
    "hotel",
    "india",
    "juliet",
    "juliett",
    "kilo",
    "lima",
    "mike",
    "november",
    "oscar",
    "papa",
    "quebec",
    "romeo",
    "sierra",
    "tango",
    "uniform",
    "victor",
    "whiskey",
    "whisky",
    "xray",
    "x-ray",
    "yankee",
    "zulu",
)
_NATO = {word: word[0] for word in _NATO_CODE_WORDS}
_NATO_WORD = "(?:" + "|".join(sorted(_NATO, key=len, reverse=True)) + ")"
_NATO_RUN_RE = re.compile(rf"\b{_NATO_WORD}(?:[\s,.;:/|\"'`()\[\]{{}}0-9-]{{1,9}}{_NATO_WORD}\b){{5,}}")
_NATO_GAP_RE = re.compile(r"[^a-z/|\n]*(?:[/|\n]|   )[^a-z]*")
_NATO_SPLIT_RE = re.compile(r"[^a-z|]+")
_MAX_NATO_RUNS = 4
# The gate counts distinct code words: not "alpha" (an everyday word: alpha version, alpha
# channel), nor "juliett" (it holds "juliet", already counted), nor the rare "whisky", "x-ray".
_NATO_GATE = tuple(w for w in _NATO if w not in ("alpha", "juliett", "whisky", "x-ray"))


def morse_reading(text: str, raw: bytes) -> str | None:
    """Morse code ("... --- ...", words apart by " / " or three spaces) read as letters."""
    # A regex search over every character costs ~30 ns each (320 us on 10 KB of prose): only
    # texts with a dot and a dash side by side, and several of each, are searched.
    if not raw.isascii() and _MORSE_MARK_RE.search(text):
        text = text.translate(_MORSE_MARKS)
        raw = text.encode("utf-8", "surrogatepass")
    if raw.count(b"-") < 6 or raw.count(b".") < 6 or (b".-" not in raw and b"-." not in raw):
        return None
    for match in _MORSE_RUN_RE.finditer(text[:_READ_CHARS]):
        words = _MORSE_WORD_GAP_RE.split(match.group().strip())
        reading = " ".join("".join(_MORSE.get(code, "") for code in word.split()) for word in words)
        if len(reading.replace(" ", "")) >= 6:
            return reading
    return None


def nato_reading(text: str) -> str | None:
    """Letters spelled in the NATO alphabet ("india golf november oscar romeo echo") read as
    letters; a "/", a "|", a line break or a wider gap between code words is a word break.

    Encoders that drop the word breaks give one run of letters, which the signatures also read
    without spaces (`signatures.scan`). `text` is lower case; the first 32 KB are read."""
    # Several distinct code words, or the regex (~30 ns a character) would find no run.
    if sum(word in text for word in _NATO_GATE) < 4:
        return None
    readings = []
    for match in _NATO_RUN_RE.finditer(text[:_READ_CHARS]):
        # A word break becomes a "|" token, which reads as a space.
        reading = _NATO_GAP_RE.sub(" | ", match.group().replace("x-ray", "xray"))
        reading = "".join(_NATO.get(word, " ") for word in _NATO_SPLIT_RE.split(reading))
        readings.append(" ".join(reading.split()))
        if len(readings) == _MAX_NATO_RUNS:
            break
    reading = " ".join(readings)  # a radio check in front hides nothing after it
    return reading if len(reading.replace(" ", "")) >= 6 else None
