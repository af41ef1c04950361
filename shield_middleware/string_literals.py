"""A sentence split into quoted string literals ("payload splitting"), read joined.

``["Ignore", "all", "previous", "instructions"]``, ``' '.join([...])``, ``'Igno' || 're a' ||
'll p'`` and ``'Ign' + 'ore' + ' al'`` hide a sentence from a scan that reads words, while a
model, asked to run or just read the code, puts it back together. `literal_readings` gives
the literals' contents joined two ways: with spaces (a list of words) and run together
(concatenated pieces). Apostrophes inside words ("don't") open no literal.

Called on every text with at least `MIN_LITERALS` pairs of quotes (C-level counts decide).
"""

from __future__ import annotations

import re

#: Literals in a text before it is read joined: fewer are ordinary quoting.
MIN_LITERALS = 4
# At most this many literals are joined (bounds the work and the reading's length).
_MAX_LITERALS = 512
# A double- or single-quoted literal of one line, escapes allowed; a single quote only where
# no letter touches it from outside (not an apostrophe). Linear: each alternative's body is
# one class or a two-character escape, and the closing quote is excluded from the body.
# A quote after a backslash opens nothing (an escaped quote inside a literal): without that
# guard, each quote of a run of escaped ones would start a scan of its own (~200x slower).
_LITERAL_RE = re.compile(r""""(?<!\\")((?:[^"\\\n]|\\.){1,200})"|(?<![^\W_\\])'((?:[^'\\\n]|\\.){1,200})'(?![^\W_])""")
# Escapes a literal may hold: the common ones decoded, any other character kept as written.
_ESCAPE_RE = re.compile(r"\\(?:x([0-9A-Fa-f]{2})|u([0-9A-Fa-f]{4})|(.))", re.DOTALL)
_SIMPLE_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "0": "\0"}
# What may lie between two literals of one run: at most this many characters of code.
_MAX_BETWEEN = 24
# The median length of a run's literals at most (a few words).
_MAX_PIECE = 24
_WORD_RE = re.compile(r"[^\W\d_]{3,}")


def literal_readings(text: str) -> list[str]:
    """The contents of `text`'s runs of string literals joined with spaces and run together
    (one line a run), or nothing when no run holds `MIN_LITERALS` literals.

    Literals are in one run when only code lies between them (commas, operators, brackets, a
    name assigned to such as ``second =``): quoted words in prose ("strangle" their "habits")
    are not joined across the words around them. Escapes are decoded (``\\n``, ``\\x49``,
    ``\\u0049``)."""
    runs: list[list[str]] = []
    run: list[str] = []
    end = 0
    for count, match in enumerate(_LITERAL_RE.finditer(text)):
        if count >= _MAX_LITERALS:
            break
        between = text[end : match.start()]
        if run and (len(between) > _MAX_BETWEEN or not _code_between(between)):
            runs.append(run)
            run = []
        run.append(_ESCAPE_RE.sub(_unescape, match.group(1) if match.group(1) is not None else match.group(2)))
        end = match.end()
    # Split sentences come in short pieces (words, fragments); a list of long strings, such as
    # a JSON object's values, says what it says in place.
    runs = [r for r in [*runs, run] if len(r) >= MIN_LITERALS and sorted(map(len, r))[len(r) // 2] <= _MAX_PIECE]
    if not runs:
        return []
    spaced = "\n".join(" ".join(part.strip() for part in r) for r in runs)
    together = "\n".join("".join(r) for r in runs)
    return [spaced] if together == spaced else [spaced, together]


def _unescape(match: re.Match[str]) -> str:
    hex_code, unicode_code, other = match.groups()
    if hex_code or unicode_code:
        code = int(hex_code or unicode_code, 16)
        return "" if 0xD800 <= code <= 0xDFFF else chr(code)  # a lone surrogate reads as nothing
    return _SIMPLE_ESCAPES.get(other, other)


def _code_between(text: str) -> bool:
    """Whether `text`, found between two literals, is code that joins them: no word of three
    letters or more, or one name assigned to ("\nsecond = "), not prose ("and the")."""
    words = _WORD_RE.findall(text)
    return not words or (len(words) == 1 and ("=" in text or ":" in text))


def may_hold_literals(raw: bytes) -> bool:
    """Whether `raw` (a text's UTF-8 bytes) has quotes enough for `MIN_LITERALS` literals."""
    return raw.count(b'"') + raw.count(b"'") >= 2 * MIN_LITERALS
