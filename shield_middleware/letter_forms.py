"""Latin letters with a stroke or hook, and symbols, standing in for plain letters.

"ɨǥnøɍɇ ⱥłł ᵽɍɇvɨøᵾs" and "¡gnør£ ^ll pr£v¡øµ§" read at a glance, to people and to models,
but neither NFKC nor the look-alike folding (which wants a word that mixes scripts) maps them:
these letters are Latin already, and the symbols no letters at all. `letter_form_reading`
maps them to the letters they stand for when they are in at least half of a text's words (at
least `MIN_WORDS`): Danish, Polish or Vietnamese prose, with "ø", "ł" or "đ" in a few words,
is left alone.
"""

from __future__ import annotations

import re

# Letters with a stroke, bar or hook, and the plain letter each is read as.
_LETTERS = {
    "a": "ⱥ",
    "b": "ƀɓ",
    "c": "ȼƈ",
    "d": "đɗɖ",
    "e": "ɇ",
    "f": "ƒ",
    "g": "ǥɠ",
    "h": "ħɦ",
    "i": "ɨ",
    "j": "ɉɟʝ",
    "k": "ꝁƙ",
    "l": "łɫɬɭƚ",
    "m": "ɱ",
    "n": "ꞥɲɳ",
    "o": "øɵ",
    "p": "ᵽƥ",
    "q": "ɋ",
    "r": "ɍꞧɽɻ",
    "s": "ꞩʂȿ",
    "t": "ŧʈ",
    "u": "ᵾ",
    "v": "ʋ",
    "y": "ɏ",
    "z": "ƶʐɀ",
}
# Symbols that stand for letters in "symbol leetspeak" (beyond the ASCII ones that
# `normalize` reads: @ $ ! | and €). "^" and "+" are read only in a text that has these.
_SYMBOLS = {"¡": "i", "£": "e", "µ": "u", "§": "s", "¢": "c", "¥": "y", "©": "c", "®": "r", "¤": "o"}
_ASCII_SYMBOLS = {"^": "a", "+": "t"}

_TABLE = str.maketrans(
    {form: letter for letter, forms in _LETTERS.items() for form in forms} | _SYMBOLS | _ASCII_SYMBOLS
)
_FORMS_RE = re.compile("[" + "".join(f for forms in _LETTERS.values() for f in forms) + "".join(_SYMBOLS) + "]")
_WORD_RE = re.compile(r"\S+")

#: Words with a letter form before a text is read with plain letters.
MIN_WORDS = 3


def letter_form_reading(text: str) -> str | None:
    """`text` with letter forms read as plain letters, or None when too few of its words have
    one (or none does)."""
    if _FORMS_RE.search(text) is None:
        return None
    words = _WORD_RE.findall(text)
    with_forms = sum(1 for word in words if _FORMS_RE.search(word))
    if with_forms < MIN_WORDS or 2 * with_forms < len(words):
        return None
    return text.translate(_TABLE)
