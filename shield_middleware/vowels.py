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
            # A form that is a word itself ("or", from "our") stays that word.
            if len(form) >= 2 and form not in VOCABULARY:
                found.setdefault(form, []).append(word)
    chosen = {form: words[0] for form, words in found.items()}
    chosen.update(_SHARED)
    return chosen


# Skeletons two words share: the commoner word in the sentences signatures look for; and the
# one-letter spellings texting uses.
_SHARED = {
    "fr": "for", "thn": "then", "thr": "their", "frgt": "forget", "nt": "not", "lst": "last",
    "nw": "new", "lk": "like", "nd": "and", "dn": "dan", "rl": "rules", "ths": "this",
    "y": "you", "u": "you", "r": "are", "n": "and",
}  # fmt: skip
_WORDS = _skeletons()
# The other word of each shared skeleton ("y r nw n dvlpr md" is "you are now in developer
# mode", "nw nstrctns" "new instructions"): a second reading where it differs.
_OTHER_WORDS = {
    **_WORDS,
    **{
        "thn": "than", "thr": "there", "nt": "into", "lst": "list", "nw": "now", "lk": "leak", "nd": "end",
        "dn": "done", "rl": "role", "ths": "these", "n": "in",
    },
}  # fmt: skip

# Four or more words in a row without a vowel (but a first one), apart by spaces, hyphens,
# underscores or punctuation. Linear: the separators share no character with the words, so
# each word ends where the next separator starts.
_RUN_RE = re.compile(
    r"(?<![a-z])(?:[aeiou]?[b-df-hj-np-tv-z]{1,15}[^a-z0-9]{1,3}){3,}[aeiou]?[b-df-hj-np-tv-z]{1,15}(?![a-z])"
)
_SEPARATORS_RE = re.compile(r"[^a-z0-9]+")  # what the runs allow between words
_MAX_RUNS = 4
# Characters of runs read in all (most runs read as nothing: decoys cost their length), and of
# one run (a 100 KB run would cost 15 ms).
_MAX_CHARS = 32_768
_MAX_RUN_CHARS = 4096
# Enough known words of two letters or more in a run, and a share of its words, for it to be
# read so.
MIN_KNOWN = 3
MIN_KNOWN_SHARE = 0.4


def vowel_readings(text: str) -> list[str]:
    """Runs of words without vowels in `text` (lower case), with the vowels put back into the
    words the vocabulary knows (where a skeleton is two words', a second reading with the other):
    at most four runs, each with three known words or more; the first 4,096 characters of a
    run, 32,768 in all."""
    out: list[str] = []
    budget = _MAX_CHARS
    for run in _RUN_RE.finditer(text):
        words = run.group()[: min(_MAX_RUN_CHARS, budget)]
        budget -= len(words)
        if budget <= 0:
            break
        readings = _restored(words)
        if readings is None:
            continue
        out += dict.fromkeys(readings)  # the second only where it differs
        if len(out) >= 2 * _MAX_RUNS:
            break
    return out


def _restored(run: str) -> tuple[str, str] | None:
    """`run` with the vowels put back into the words it knows, with the first and with the
    other word of each shared skeleton, or None if it knows too few."""
    restored: list[str] = []
    other: list[str] = []
    known = 0
    words = [word for word in _SEPARATORS_RE.split(run) if word]
    for word in words:
        full = _WORDS.get(word) if _VOWELS.isdisjoint(word[1:]) else None
        if full is None:
            restored.append(word)
            other.append(word)
        else:
            known += len(word) > 1  # "r n y" in a table of abbreviations is no sentence
            restored.append(full)
            other.append(_OTHER_WORDS[word])
    if known < MIN_KNOWN or known < MIN_KNOWN_SHARE * len(words):
        return None
    return " ".join(restored), " ".join(other)
