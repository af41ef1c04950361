"""Words padded out letter by letter: every letter written twice, or one filler letter between
letters. "IIggnnoorree aallll" and "ixgxnxoxrxe axlxl" read at a glance, to people and to models,
but no signature knows their words. `undoubled_reading` and `unfilled_reading` read them plain
when most of a text's longer words are so written: "bookkeeper", "coffee" or "banana" (an "a"
in every other place) alone are no such text.

`normalize` calls them behind C-level gates (too few consonant-vowel-consonant triples for
prose, or letter frequencies far from prose's), so ordinary text never reaches the regex.
"""

from __future__ import annotations

import re
from collections import Counter

# Words of letters (any script: the callers pass casefolded text). Linear: one class.
_WORD_RE = re.compile(r"[^\W\d_]+")

#: Padded words a text needs before it is read plain.
MIN_WORDS = 3
# Of the words this long or longer (a doubled word of two letters or more, or a filled one of
# three letters or more), this share must be padded.
_MIN_DOUBLED_LENGTH = 4
_DOUBLED_SHARE = 0.8
_MIN_FILLED_LENGTH = 5
_FILLED_SHARE = 0.6


def undoubled_reading(text: str) -> str | None:
    """`text` with each word that has every letter written twice ("aallll") read once ("all"),
    or None unless `MIN_WORDS` and 80 % of its words of four letters or more are so written."""
    longer = [word for word in _WORD_RE.findall(text) if len(word) >= _MIN_DOUBLED_LENGTH]
    doubled = sum(map(_is_doubled, longer))
    if doubled < MIN_WORDS or doubled < _DOUBLED_SHARE * len(longer):
        return None
    return _WORD_RE.sub(lambda m: m.group()[::2] if _is_doubled(m.group()) else m.group(), text)


def _is_doubled(word: str) -> bool:
    return len(word) % 2 == 0 and word[::2] == word[1::2]


def unfilled_reading(text: str) -> str | None:
    """`text` without a filler letter that sits in every other place of its words ("ixgxnxoxrxe",
    "xaxlxlx" when the filler is put between all characters), or None unless one filler pads
    `MIN_WORDS` and 60 % of its words of five letters or more."""
    longer = [word for word in _WORD_RE.findall(text) if len(word) >= _MIN_FILLED_LENGTH]
    fillers = Counter(filler for word in longer if (filler := _filler(word)) is not None)
    if not fillers:
        return None
    filler, count = fillers.most_common(1)[0]
    if count < MIN_WORDS or count < _FILLED_SHARE * len(longer):
        return None
    return _WORD_RE.sub(lambda m: _unfilled(m.group(), filler), text)


def _filler(word: str) -> str | None:
    """The letter in every other place of `word` (odd places first), if one is."""
    for padding, kept in ((word[1::2], word[::2]), (word[::2], word[1::2])):
        if _pads(padding, kept, padding[0]):
            return padding[0]
    return None


def _unfilled(word: str, filler: str) -> str:
    if len(word) >= 3:
        for padding, kept in ((word[1::2], word[::2]), (word[::2], word[1::2])):
            if _pads(padding, kept, filler):
                return kept
    return word


def _pads(padding: str, kept: str, filler: str) -> bool:
    """Whether `padding` is all `filler` and `kept` mostly other letters ("zzzzz" and
    "uffffffff" are no padded words)."""
    return padding == filler * len(padding) and 2 * kept.count(filler) < len(kept)
