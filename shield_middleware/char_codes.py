"""Text written as character codes: decimal ("73 103 110 111 ..."), octal ("111 147 156 ..."),
binary ("01001001 ...", or one run of bits without separators), letter positions
("9-7-14-15-18-5", A1Z26) and lists of single characters (a JSON array of letters). Converters
in red-teaming tools write all of them, and a model reads them back.

`code_readings` is called on every text that holds a few digits or quotes: C-level counts on
its bytes decide whether any regex runs at all.
"""

from __future__ import annotations

import re

_CODE_SHAPE = bytes.maketrans(b"0123456789 ,;\t\n\r-", b"0000000000      -")
_DECIMAL_RE = re.compile(r"(?<![\d.])(?:\d{2,3}[\s,;]{1,3}){7,}\d{2,3}(?![\d.])")
_BINARY_RE = re.compile(r"(?<![01])(?:[01]{7,8}[\s,;]{1,3}){7,}[01]{7,8}(?![01])")
# Words of letter positions apart by "-", the words apart by spaces (or " / ").
_A1Z26_RE = re.compile(r"(?<![\d-])(?:\d{1,2}-)+\d{1,2}(?:(?: | / )(?:\d{1,2}-)*\d{1,2}){3,}(?![\d-])")
# Bits without separators: a run of eight bytes or more, read 8 or 7 bits to a character. The
# run's length is bounded (what a reading can use): of a longer run, the first 32,768 bits.
_MIN_BIT_RUN = 64
_BIT_RUN_RE = re.compile(r"(?<![0-9])[01]{64,32768}")
_CHAR_LIST_RE = re.compile(r"""(?:(["'])[^"'\\\n]\1\s*,\s*){7,}(["'])[^"'\\\n]\2""")
_ELEMENT_RE = re.compile(r"""(["'])([^"'\\\n])\1""")
_MIN_CHARS = 8
_OCTAL_WINDOW = 16384
_CODE_SEPARATOR_RE = re.compile(r"[\s,;]+")
_WORD_BREAK_RE = re.compile(r" / | ")


def code_readings(text: str, raw: bytes, digits: int) -> list[str]:
    """Readings of the character codes in `text` (`raw`: its UTF-8 bytes, `digits`: how many
    digits it holds), at most one of each kind, each a sentence or nothing."""
    readings: list[str] = []
    if digits >= 16:
        shape = raw.translate(_CODE_SHAPE)
        # (", " and "; " are two spaces in the shape.)
        if b"0 000 0" in shape or b"0  000  0" in shape or b"00 00 00 00" in shape or b"00  00  00" in shape:
            # Decimal codes, and octal ones ("111 147 156 157 162 145 40": converters offer both),
            # those in the first window.
            readings += _decoded(_DECIMAL_RE, text, 10) + _decoded(_DECIMAL_RE, text[:_OCTAL_WINDOW], 8)
        if b"0000000 0000000" in shape or b"0000000  0000000" in shape:
            readings += _decoded(_BINARY_RE, text, 2)
        if shape.count(b"-") >= 6 and b"0-0" in shape:
            readings += _letter_positions(text)
        if digits >= _MIN_BIT_RUN and b"0" * _MIN_BIT_RUN in shape:
            readings += _bit_runs(text)
    quoted = (b'", "', b"', '", b'","', b"','")
    if any(raw.count(separator) >= _MIN_CHARS - 1 for separator in quoted):
        match = _CHAR_LIST_RE.search(text)
        if match is not None:
            readings.append("".join(m.group(2) for m in _ELEMENT_RE.finditer(match.group())))
    return readings


def _decoded(pattern: re.Pattern[str], text: str, base: int) -> list[str]:
    for match in pattern.finditer(text):
        digits = _CODE_SEPARATOR_RE.split(match.group().strip())
        if base == 8 and any("8" in code or "9" in code for code in digits):
            continue
        codes = [int(code, base) for code in digits]
        if all(32 <= code < 127 or code in (9, 10, 13) for code in codes):
            reading = "".join(map(chr, codes))
            if reading.count(" ") >= 2:  # a sentence, not a list of numbers
                return [reading]
    return []


def _letter_positions(text: str) -> list[str]:
    for match in _A1Z26_RE.finditer(text):
        words = _WORD_BREAK_RE.split(match.group())
        letters = [[int(n) for n in word.split("-")] for word in words]
        if all(1 <= n <= 26 for word in letters for n in word):
            return [" ".join("".join(chr(96 + n) for n in word) for word in letters)]
    return []


def _bit_runs(text: str) -> list[str]:
    """The first run of bits without separators that reads as a sentence, 8 or 7 bits to a
    character (a 64-bit number reads as control characters, not as one)."""
    for match in _BIT_RUN_RE.finditer(text):
        bits = match.group()
        for width in (8, 7):
            if len(bits) % width == 0:
                codes = [int(bits[i : i + width], 2) for i in range(0, len(bits), width)]
                if all(32 <= code < 127 or code in (9, 10, 13) for code in codes) and codes.count(32) >= 2:
                    return ["".join(map(chr, codes))]
    return []
