"""Embedding instructions inside documents, with a token window that keeps the insertion."""

from __future__ import annotations

import random

from tokenizers import Tokenizer


def insert_at_random(doc: str, payload: str, rng: random.Random) -> tuple[str, int, int]:
    """Insert `payload` at a random line (or sentence) boundary of `doc`.

    Returns (text, start, end) with the payload's character span in the new text.
    """
    cuts = [i + 1 for i, c in enumerate(doc) if c == "\n"]
    if len(cuts) < 3:
        cuts = [i + 2 for i in range(len(doc) - 1) if doc[i] in ".!?" and doc[i + 1] == " "]
    cuts = [0, *cuts, len(doc)]
    pos = rng.choice(cuts)
    sep_before = "" if pos == 0 else rng.choice(["\n", " ", "\n\n"])
    sep_after = rng.choice(["\n", " ", "\n\n"])
    text = doc[:pos] + sep_before + payload + sep_after + doc[pos:]
    start = pos + len(sep_before)
    return text, start, start + len(payload)


def window_around(tok: Tokenizer, text: str, span: tuple[int, int] | None, budget: int, rng: random.Random) -> str:
    """Cut `text` to at most `budget` tokens, keeping the character span `span` whole.

    Without a span a random window is taken. Truncation must never cut the inserted
    attack out of a positive example (the failure the data README describes).
    """
    enc = tok.encode(text, add_special_tokens=False)
    offsets = enc.offsets
    n = len(offsets)
    if n <= budget:
        return text
    if span is None:
        first = rng.randint(0, n - budget)
    else:
        s_tok = next((i for i, (a, b) in enumerate(offsets) if b > span[0]), 0)
        e_tok = next((i for i, (a, b) in enumerate(offsets) if a >= span[1]), n) - 1
        length = e_tok - s_tok + 1
        if length >= budget:
            first = s_tok
        else:
            lo = max(0, e_tok - budget + 1)
            hi = min(s_tok, n - budget)
            first = rng.randint(lo, max(lo, hi))
    last = min(n, first + budget) - 1
    return text[offsets[first][0] : offsets[last][1]]
