"""Text with its vowels dropped ("gnr ll prvs nstrctns") read with them put back.

People (and models) read such text almost as easily as the original; a signature written for
words reads none of it. `vowel_reading` puts the vowels back into the words it knows (the
vocabulary the signatures are made of, `segment.VOCABULARY`), word by word, and leaves the
others as they are. It is a guess, tried only on text where most words have no vowel.
"""

from __future__ import annotations

from .segment import VOCABULARY

_DROP_VOWELS = str.maketrans("", "", "aeiou")
_VOWELS = frozenset("aeiou")


def _skeletons() -> dict[str, str]:
    """Skeleton -> word: each word without its vowels, and without all but a first one
    ("instrctns": some writers keep a word's first letter)."""
    found: dict[str, list[str]] = {}
    for word in sorted(VOCABULARY):
        forms = {word.translate(_DROP_VOWELS)}
        if word[0] in _VOWELS and len(word) > 2:
            forms.add(word[0] + word[1:].translate(_DROP_VOWELS))
        for form in forms:
            if len(form) >= 2 and form != word:
                found.setdefault(form, []).append(word)
    # Skeletons two words share: the commoner word in the sentences signatures look for ("by" is a
    # word itself, not "obey").
    chosen = {form: words[0] for form, words in found.items()}
    chosen.update(_SHARED)
    return chosen


_SHARED = {
    "fr": "for", "thn": "then", "thr": "their", "frgt": "forget", "nt": "not", "lst": "last",
    "nw": "new", "lk": "like", "nd": "and", "dn": "dan", "rl": "rules", "ths": "this", "by": "by",
}  # fmt: skip
_WORDS = _skeletons()

# Most words without a vowel (a sentence of ten words holds five or more vowels otherwise), and
# enough of them known, for the text to be read this way.
MIN_WORDS = 4
MIN_VOWELLESS_SHARE = 0.6
MIN_KNOWN = 3


def vowel_reading(text: str) -> str | None:
    """`text` (lower case) with the vowels put back into the words it knows, or None when the
    text does not read as written without vowels."""
    words = text.split()
    if len(words) < MIN_WORDS:
        return None
    letters = [w.strip(".,;:!?\"'()") for w in words]
    vowelless = sum(1 for w in letters if w.isalpha() and _VOWELS.isdisjoint(w[1:]))
    if vowelless < MIN_VOWELLESS_SHARE * len(words):
        return None
    restored = []
    known = 0
    for word, bare in zip(words, letters, strict=True):
        full = _WORDS.get(bare) if bare.isalpha() and _VOWELS.isdisjoint(bare[1:]) else None
        if full is None or full == bare:
            restored.append(word)
        else:
            known += 1
            restored.append(word.replace(bare, full, 1))
    return " ".join(restored) if known >= MIN_KNOWN else None
