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
_LITERAL_RE = re.compile(r""""((?:[^"\\\n]|\\.){1,200})"|(?<![^\W_])'((?:[^'\\\n]|\\.){1,200})'(?![^\W_])""")
_ESCAPE_RE = re.compile(r"\\(.)")
# What may lie between two literals of one run: at most this many characters, no word of three
# letters or more.
_MAX_BETWEEN = 16
# The median length of a run's literals at most (a long word and a space).
_MAX_PIECE = 16
_WORD_RE = re.compile(r"[^\W\d_]{3}")


def literal_readings(text: str) -> list[str]:
    """The contents of `text`'s runs of string literals joined with spaces and run together
    (one line a run), or nothing when no run holds `MIN_LITERALS` literals.

    Literals are in one run when only code lies between them (commas, operators, brackets, a
    short name such as ``w1 =``): quoted words in prose ("strangle" their "habits") are not
    joined across the words around them."""
    runs: list[list[str]] = []
    run: list[str] = []
    end = 0
    for count, match in enumerate(_LITERAL_RE.finditer(text)):
        if count >= _MAX_LITERALS:
            break
        between = text[end : match.start()]
        if run and (len(between) > _MAX_BETWEEN or _WORD_RE.search(between)):
            runs.append(run)
            run = []
        run.append(_ESCAPE_RE.sub(r"\1", match.group(1) if match.group(1) is not None else match.group(2)))
        end = match.end()
    # Split sentences come in short pieces (words, fragments); a list of long strings, such as
    # a JSON object's values, says what it says in place.
    runs = [r for r in [*runs, run] if len(r) >= MIN_LITERALS and sorted(map(len, r))[len(r) // 2] <= _MAX_PIECE]
    if not runs:
        return []
    spaced = "\n".join(" ".join(part.strip() for part in r) for r in runs)
    together = "\n".join("".join(r) for r in runs)
    return [spaced] if together == spaced else [spaced, together]


def may_hold_literals(raw: bytes) -> bool:
    """Whether `raw` (a text's UTF-8 bytes) has quotes enough for `MIN_LITERALS` literals."""
    return raw.count(b'"') + raw.count(b"'") >= 2 * MIN_LITERALS
