"""Upside-down text read the right way up.

"Flip text" generators write each letter as a look-alike rotated half a turn ("ǝɹouƃI" for
"Ignore") and usually reverse the order, so that the line reads upside down; a model reads
either, and a signature reads neither. `upside_down_readings` turns such a text back, in both
orders. It is a guess, tried only on texts where turned letters are common.
"""

from __future__ import annotations

import re

# Turned letter -> the letter it stands for. Several generators exist: each one's choices
# for a letter are listed. Letters that read as another letter when turned (p/d, b/q, n/u,
# 6/9, M/W) swap; symmetric ones (l, o, s, x, z, H, I, N, O, S, X, Z) stay as they are.
_TURNED = {
    "ɐ": "a", "ɔ": "c", "ǝ": "e", "ɟ": "f", "ƃ": "g", "ᵷ": "g", "ɥ": "h", "ᴉ": "i", "ı": "i",
    "ɾ": "j", "ʞ": "k", "ן": "l", "ɯ": "m", "ɹ": "r", "ʇ": "t", "ʌ": "v", "ʍ": "w", "ʎ": "y",
    "p": "d", "d": "p", "b": "q", "q": "b", "n": "u", "u": "n",
    "∀": "A", "ꓭ": "B", "𐐒": "B", "Ɔ": "C", "ꓷ": "D", "◖": "D", "Ǝ": "E", "Ⅎ": "F", "ꓞ": "F",
    "⅁": "G", "ꓨ": "G", "ſ": "J", "ꓩ": "J", "ꓘ": "K", "⅂": "L", "˥": "L", "ꓶ": "L", "W": "M",
    "M": "W", "Ԁ": "P", "ꓒ": "P", "Ό": "Q", "ꓤ": "R", "ᴚ": "R", "⊥": "T", "ꓕ": "T", "Ʇ": "T",
    "∩": "U", "ꓵ": "U", "Λ": "V", "ꓥ": "V", "⅄": "Y",
    "Ɩ": "1", "ᄅ": "2", "Ɛ": "3", "ㄣ": "4", "ϛ": "5", "9": "6", "6": "9", "ㄥ": "7",
    "˙": ".", "'": ",", ",": "'", "„": '"', "¿": "?", "¡": "!", "‾": "_", "⅋": "&",
    "(": ")", ")": "(", "[": "]", "]": "[", "{": "}", "}": "{", "<": ">", ">": "<",
}  # fmt: skip
_TABLE = str.maketrans({k: v for k, v in _TURNED.items() if len(k) == 1})
# Turned letters that ordinary text seldom holds (not "ı", Turkish; not the swapped ASCII
# letters). IPA and some African alphabets use a few of them: hence the share below.
_TELLTALE = "ɐǝɟƃᵷɥᴉɾʞɯɹʇʌʍʎ∀ꓭƆꓷƎℲ⅁ſꓘ⅂˥ԀꓤᴚꞱ⊥∩Λ⅄Ɩᄅㄣϛㄥ"
_TELLTALE_RE = re.compile(f"[{_TELLTALE}]")
_LETTER_RE = re.compile(r"[^\W\d_]")
# At least this many turned letters, of at least three kinds, a fifth of the letters or more
# (a turned English sentence has about half its letters turned; an IPA transcription or a
# Twi sentence far fewer kinds).
MIN_TURNED = 6
MIN_KINDS = 3
MIN_SHARE = 0.2


def upside_down_readings(text: str) -> list[str]:
    """The text turned back, reversed and in its own order, when it reads as upside down."""
    if _TELLTALE_RE.search(text) is None:  # nearly every text: one C-level search
        return []
    turned = _TELLTALE_RE.findall(text)
    if len(turned) < MIN_TURNED or len(set(turned)) < MIN_KINDS:
        return []
    if len(turned) < MIN_SHARE * len(_LETTER_RE.findall(text)):
        return []
    back = text.translate(_TABLE)
    return [back[::-1], back]
