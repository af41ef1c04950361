"""Letter-substitution ciphers a model reads without being told which: Caesar shifts (ROT13
among them) and Atbash, recognised by English letter frequencies.

`shifted_reading` compares the text's letter counts, under each of the 25 shifts and Atbash,
with English (a chi-squared distance per letter) and returns the decoded text when one of them
fits English clearly better than the text as written and than every other candidate. Counting
is one numpy pass; callers gate it behind a cheaper test (few e, t, a and o).
"""

from __future__ import annotations

import string

import numpy as np

# English letter frequencies (a-z), per cent.
_A_TO_M = (8.2, 1.5, 2.8, 4.3, 12.7, 2.2, 2.0, 6.1, 7.0, 0.15, 0.77, 4.0, 2.4)
_N_TO_Z = (6.7, 7.5, 1.9, 0.095, 6.0, 6.3, 9.1, 2.8, 0.98, 2.4, 0.15, 2.0, 0.074)
_ENGLISH = np.array((*_A_TO_M, *_N_TO_Z))
_ENGLISH = _ENGLISH / _ENGLISH.sum()
_LOWER = string.ascii_lowercase
_UPPER = string.ascii_uppercase
# Row k: the written letter that plain letter i becomes under a shift of k (row 0: as written);
# row 26: under Atbash (a <-> z).
_WRITTEN = np.array([[(i + k) % 26 for i in range(26)] for k in range(26)] + [[25 - i for i in range(26)]])
_DECODE = [
    str.maketrans(_LOWER + _UPPER, _LOWER[-k:] + _LOWER[:-k] + _UPPER[-k:] + _UPPER[:-k]) if k else {}
    for k in range(26)
] + [str.maketrans(_LOWER + _UPPER, _LOWER[::-1] + _UPPER[::-1])]
_MIN_LETTERS = 40
_MIN_LETTERS_ASKED = 24
# A decoding must fit English this well (chi-squared per letter; English text scores ~0.3-0.6
# at 50 letters, other languages, code and base64 1.2 and more), and this much better than the
# text as written and than the runner-up.
_MAX_DISTANCE = 0.9
_MIN_MARGIN = 3.0
# When the text names a cipher ("caesar", "shift by"), fewer letters and a looser fit will do.
_MAX_DISTANCE_ASKED = 1.5
_MIN_MARGIN_ASKED = 1.5


def shifted_reading(text: str, *, asked: bool = False) -> str | None:
    """`text` decoded by the Caesar shift or Atbash under which it reads as English, or None."""
    counts = np.bincount(np.frombuffer(text.lower().encode("utf-8", "replace"), dtype=np.uint8), minlength=256)
    letters = counts[97:123].astype(np.float64)
    n = float(letters.sum())
    if n < (_MIN_LETTERS_ASKED if asked else _MIN_LETTERS):
        return None
    expected = n * _ENGLISH
    distance = (((letters[_WRITTEN] - expected) ** 2) / expected).sum(axis=1) / n
    order = np.argsort(distance)
    best, runner_up = int(order[0]), int(order[1])
    limit, margin = (_MAX_DISTANCE_ASKED, _MIN_MARGIN_ASKED) if asked else (_MAX_DISTANCE, _MIN_MARGIN)
    # (The text as written, row 0, is the best or a candidate the best must beat by the margin.)
    if best == 0 or distance[best] > limit or distance[runner_up] < margin * distance[best]:
        return None
    return text.translate(_DECODE[best])
