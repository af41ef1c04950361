"""Text with its vowels dropped ("gnr ll prvs nstrctns") read with them put back.

People (and models) read such text almost as easily as the original; a signature written for
words reads none of it. `vowel_readings` finds runs of words without vowels (a whole text, or
a line inside a friendly message) and puts the vowels back into the words it knows (the
vocabulary the signatures are made of, `segment.VOCABULARY`), leaving the others as they are.
It is a guess, tried only where several words in a row have no vowel.
"""

from __future__ import annotations

import re

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
    chosen = {form: words[0] for form, words in found.items()}
    chosen.update(_SHARED)
    return chosen


# Skeletons two words share: the commoner word in the sentences signatures look for ("by" is a
# word itself, not "obey"); and the one-letter spellings texting uses.
_SHARED = {
    "fr": "for", "thn": "then", "thr": "their", "frgt": "forget", "nt": "not", "lst": "last",
    "nw": "new", "lk": "like", "nd": "and", "dn": "dan", "rl": "rules", "ths": "this", "by": "by",
    "y": "you", "u": "you", "r": "are", "n": "and",
}  # fmt: skip
_WORDS = _skeletons()

# Four or more words in a row without a vowel (but a first one), apart by spaces, hyphens,
# underscores or punctuation. Linear: the separators share no character with the words, so
# each word ends where the next separator starts.
_RUN_RE = re.compile(
    r"(?<![a-z])(?:[aeiou]?[b-df-hj-np-tv-z]{1,15}[^a-z0-9\n]{1,3}){3,}[aeiou]?[b-df-hj-np-tv-z]{1,15}(?![a-z])"
)
_SEPARATORS_RE = re.compile(r"[\s_-]+")
_MAX_RUNS = 4
_MAX_ATTEMPTS = 32  # runs looked at: bounded work on text made of short runs
# The first this many characters of a run are read (a 100 KB run would cost 15 ms).
_MAX_RUN_CHARS = 4096
# Enough known words in a run for it to be read so.
MIN_KNOWN = 3


def vowel_readings(text: str) -> list[str]:
    """Runs of words without vowels in `text` (lower case), with the vowels put back into the
    words the vocabulary knows: at most four runs (of the first 32), each with three known
    words or more, each read up to its first 4,096 characters."""
    out: list[str] = []
    for attempt, run in enumerate(_RUN_RE.finditer(text)):
        if attempt >= _MAX_ATTEMPTS:
            break
        reading = vowel_reading(run.group()[:_MAX_RUN_CHARS])
        if reading is not None:
            out.append(reading)
            if len(out) >= _MAX_RUNS:
                break
    return out


def vowel_reading(run: str) -> str | None:
    """`run` with the vowels put back into the words it knows, or None if it knows too few."""
    restored = []
    known = 0
    for word in _SEPARATORS_RE.split(run.strip()):
        bare = word.strip(".,;:!?\"'()")
        full = _WORDS.get(bare) if bare.isalpha() and _VOWELS.isdisjoint(bare[1:]) else None
        if full is None or full == bare:
            restored.append(word)
        else:
            known += 1
            restored.append(word.replace(bare, full, 1))
    return " ".join(restored) if known >= MIN_KNOWN else None
