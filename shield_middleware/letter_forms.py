"""Latin letters with a stroke or hook, and symbols, standing in for plain letters.

"ɨǥnøɍɇ ⱥłł ᵽɍɇvɨøᵾs" and "¡gnør£ ^ll pr£v¡øµ§" read at a glance, to people and to models,
but neither NFKC nor the look-alike folding (which wants a word that mixes scripts) maps them:
these letters are Latin already, and the symbols no letters at all. IPA letters that look like
plain ones ("ɩgnoɾe ɑll") are read the same way, and so are whole words in the letters of other
scripts that look like Latin capitals: Cherokee ("ᎪᏞᏞ"), Lisu ("ꓲꓖꓠꓳꓣꓰ"), Canadian Syllabics
("ᗅᒪᒪ"), which the look-alike folding (Cyrillic and Greek letters inside Latin words) misses.
`letter_form_reading` maps them to the letters they stand for when they are in at least half
of a text's words, or in `MIN_WORDS` words in a row (a line of them after ordinary prose):
Danish, Polish or Vietnamese prose, with "ø", "ł" or "đ" in a few words, is left alone. (Prose
in Cherokee or Lisu is read too, as Latin letters that spell nothing, and stays benign.)
"""

from __future__ import annotations

import re

# Letters with a stroke, bar or hook, and the plain letter each is read as.
_LETTERS = {
    "a": "ⱥɑ",
    "b": "ƀɓ",
    "c": "ȼƈ",
    "d": "đɗɖ",
    "e": "ɇ",
    "f": "ƒ",
    "g": "ǥɠ",
    "h": "ħɦ",
    "i": "ɨɩ",
    "j": "ɉɟʝ",
    "k": "ꝁƙ",
    "l": "łɫɬɭƚ",
    "m": "ɱ",
    "n": "ꞥɲɳ",
    "o": "øɵ",
    "p": "ᵽƥꝑ",
    "q": "ɋ",
    "r": "ɍꞧɽɻɾ",
    "s": "ꞩʂȿ",
    "t": "ŧʈ",
    "u": "ᵾʉ",
    "v": "ʋ",
    "y": "ɏ",
    "z": "ƶʐɀ",
}
# Letters of other scripts that look like Latin ones (Unicode's confusables, and what red teams
# use): Cherokee capitals (and their small forms, which look the same, smaller), Lisu, Canadian
# Syllabics, and Tagbanwa "ᝪ" for "o". Only letters that look like one: "Ꭴ" (an O with a hook)
# or "ꓒ" (a turned P) are left out.
_OTHER_SCRIPTS = {
    "a": "Ꭺꓮᗅ",
    "b": "Ᏼꓐᗷ",
    "c": "Ꮯꓚᑕ",
    "d": "Ꭰꓓᗞᗪ",
    "e": "Ꭼꓰ",
    "f": "ꓝᖴ",
    "g": "ᏀᏳꓖ",
    "h": "ᎻꓧᕼᏂ",
    "i": "Ꭵꓲ",
    "j": "Ꭻꓙᒍ",
    "k": "Ꮶꓗ",
    "l": "Ꮮꓡᒪ",
    "m": "Ꮇꓟᗰ",
    "n": "ꓠ",
    "o": "Ꮎꓳᝪ",
    "p": "Ꮲꓑᑭ",
    "r": "ᎡᏒꓣᖇ",
    "s": "ᏚᏕꓢ",
    "t": "Ꭲꓔ",
    "u": "ꓴᑌ",
    "v": "Ꮩꓦᐯ",
    "w": "ᎳᏔꓪᗯ",
    "x": "ꓫ᙭",
    "y": "Ꭹꓬ",
    "z": "Ꮓꓜᘔ",
}
# Symbols that stand for letters in "symbol leetspeak" (beyond the ASCII ones that
# `normalize` reads: @ $ ! | and €). "^" and "+" are read only in a text that has these.
_SYMBOLS = {"¡": "i", "£": "e", "µ": "u", "§": "s", "¢": "c", "¥": "y", "©": "c", "®": "r", "¤": "o"}
# ASCII symbols read as letters only in a text that has the forms above (they are ordinary
# elsewhere: "a^2 + b", e-mail addresses, prices).
_ASCII_SYMBOLS = {"^": "a", "+": "t", "@": "a", "$": "s", "!": "i", "|": "l", "€": "e"}

_LOWER = {form: letter for letter, forms in _LETTERS.items() for form in forms}
# Capitals too ("ƗǤNØɌɆ"), where the form has one.
_UPPER = {
    form.upper(): letter.upper() for form, letter in _LOWER.items() if form.upper() != form and len(form.upper()) == 1
}
# Cherokee has small letters too ("ꭰ" for "Ꭰ"); Lisu and Canadian Syllabics have no case.
_SCRIPT_FORMS = {form: letter for letter, forms in _OTHER_SCRIPTS.items() for form in forms}
_SCRIPT_FORMS |= {form.lower(): letter for form, letter in _SCRIPT_FORMS.items() if len(form.lower()) == 1}
_TABLE = str.maketrans(_LOWER | _UPPER | _SCRIPT_FORMS | _SYMBOLS | _ASCII_SYMBOLS)
_FORMS_RE = re.compile("[" + "".join(_LOWER) + "".join(_UPPER) + "".join(_SCRIPT_FORMS) + "".join(_SYMBOLS) + "]")
_ANY_FORM_RE = re.compile(_FORMS_RE.pattern[:-1] + re.escape("".join(_ASCII_SYMBOLS)) + "]")
_WORD_RE = re.compile(r"\S+")

#: Words with a letter form before a text is read with plain letters.
MIN_WORDS = 3


def letter_form_reading(text: str) -> str | None:
    """`text` with letter forms read as plain letters, or None when too few of its words have
    one: fewer than `MIN_WORDS`, or neither half of them nor `MIN_WORDS` in a row."""
    if _FORMS_RE.search(text) is None:
        return None
    words = _WORD_RE.findall(text)
    if sum(_FORMS_RE.search(word) is not None for word in words) < MIN_WORDS:
        return None
    # Once the text has forms, its ASCII symbols count too ("¡gnør£ @ll pr£v¡øµ$").
    marked = [_ANY_FORM_RE.search(word) is not None for word in words]
    if 2 * sum(marked) < len(marked) and _longest_run(marked) < MIN_WORDS:
        return None
    return text.translate(_TABLE)


def _longest_run(flags: list[bool]) -> int:
    longest = run = 0
    for flag in flags:
        run = run + 1 if flag else 0
        longest = max(longest, run)
    return longest
