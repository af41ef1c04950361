"""Upside-down text read the right way up.

"Flip text" generators write each letter as a look-alike rotated half a turn ("ǝɹouƃI" for
"Ignore") and usually reverse the order, so that the line reads upside down; a model reads
either, and a signature reads neither. `upside_down_readings` turns the stretches of such
text back: rotated whole, and word by word (generators that turn each word in place, or only
some words). It is a guess, tried only where turned letters are common.
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
# Letters some generators use that ordinary text uses too (schwa, Hebrew pe, box drawing):
# read, but not counted as signs of turned text.
_TURNED.update(
    {"ə": "e", "ꞁ": "l", "ʅ": "l", "ʃ": "l", "ɓ": "g", "פ": "G", "┴": "T", "Ɐ": "A", "ꓯ": "A", "ᗺ": "B", "ᗡ": "D"}
)
_TABLE = str.maketrans({k: v for k, v in _TURNED.items() if len(k) == 1})
# Turned letters that ordinary text seldom holds (not "ı", Turkish; not the swapped ASCII
# letters; not ∀, ∩ and ⊥, which mathematics writes). IPA and some African alphabets use a
# few of them: hence the counts below.
_TELLTALE = "ɐǝɟƃᵷɥᴉɾʞɯɹʇʌʍʎꓭƆꓷƎℲ⅁ſꓘ⅂˥ԀꓤᴚꞱΛ⅄Ɩᄅㄣϛㄥ"
_TELLTALE_RE = re.compile(f"[{_TELLTALE}]")
_TELLTALE_SET = frozenset(_TELLTALE)
# A stretch of turned words: at least this many turned letters, of at least three kinds, a
# fifth of its letters or more (a turned English sentence has about half its letters turned;
# an IPA transcription or a Twi sentence far fewer kinds); its turned words at most
# `_MAX_GAP` plain words apart (a flipped sentence keeps "llo", "sol" and "x" as they are).
MIN_TURNED = 6
MIN_KINDS = 3
MIN_SHARE = 0.2
_MAX_GAP = 2
_CONTEXT = 3
_MAX_STRETCHES = 2
_MAX_WORDS = 16_384  # words looked at: about 100 KB of text
_MAX_STRETCH_WORDS = 800  # words read of a stretch: the readings keep their first 4,096 characters


def upside_down_readings(text: str) -> list[str]:
    """Stretches of upside-down text turned back, in three readings each: the stretch rotated
    whole (letters turned, order reversed), its words turned in place, and its words turned
    and each reversed (generators that flip word by word, or only some words)."""
    if _TELLTALE_RE.search(text) is None:  # nearly every text: one C-level search
        return []
    out: list[str] = []
    all_words = text.split()[:_MAX_WORDS]
    for lo, hi in _stretches(all_words):
        hi = min(hi, lo + _MAX_STRETCH_WORDS)
        stretch = " ".join(all_words[lo:hi])
        turned = _TELLTALE_RE.findall(stretch)
        if len(turned) < MIN_TURNED or len(set(turned)) < MIN_KINDS:
            continue
        if len(turned) < MIN_SHARE * sum(map(str.isalpha, stretch)):
            continue
        # With a few plain words each side ("please ignore <turned words>"): the ask may be
        # written plainly and only its object turned.
        words = all_words[max(0, lo - _CONTEXT) : hi + _CONTEXT]
        turned_words = [not _TELLTALE_SET.isdisjoint(w) for w in words]
        in_place = [w.translate(_TABLE) if t else w for w, t in zip(words, turned_words, strict=True)]
        out += [
            stretch.translate(_TABLE)[::-1],
            " ".join(in_place),
            " ".join(w[::-1] if t else w for w, t in zip(in_place, turned_words, strict=True)),
        ]
        if len(out) >= 3 * _MAX_STRETCHES:
            break
    return out


def _stretches(words: list[str]) -> list[tuple[int, int]]:
    """(start, end) of the runs of words holding turned letters, with at most `_MAX_GAP` other
    words between two."""
    out: list[tuple[int, int]] = []
    start = last = -1
    for i, word in enumerate(words):
        if _TELLTALE_SET.isdisjoint(word):
            continue
        if start < 0 or i - last > _MAX_GAP + 1:
            if start >= 0:
                out.append((start, last + 1))
            start = i
        last = i
    if start >= 0:
        out.append((start, last + 1))
    return out
