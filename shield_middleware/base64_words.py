"""Base64 written a word or a few characters at a time: "SWdub3Jl YWxs cHJldmlvdXM=" (each word
encoded by itself) or "aWdu b3Jl IGFs bCBw" (the encoding cut into groups of four). Neither is a
blob of 16 characters that `normalize` decodes whole, yet a model decodes both.

`base64_word_readings` decodes runs of three or more such tokens apart by whitespace, one token
at a time, and reads the pieces joined (groups) and joined by spaces (words). `normalize` calls it
only for texts whose letter frequencies and case changes look like base64 (C-level counts).
"""

from __future__ import annotations

import base64
import binascii
import re

# A whitespace-delimited token in the standard base64 alphabet, maybe padded. Linear: one class,
# then at most two "=", tried from token starts only.
_TOKEN_RE = re.compile(r"(?<!\S)[A-Za-z0-9+/]{2,}={0,2}(?!\S)")
_LETTER_RE = re.compile(r"[^\W\d_]")
_MIN_TOKENS = 3
# Tokens decoded per text: bounds the work on long texts of base64-looking words.
_MAX_TOKENS = 512
_MAX_READINGS = 2


def base64_word_readings(text: str) -> list[str]:
    """Sentences that runs of base64 tokens decode to, token by token: at most two."""
    readings: list[str] = []
    for run in _token_runs(text):
        reading = _joined(run)
        if reading is not None:
            readings.append(reading)
            if len(readings) == _MAX_READINGS:
                break
    return readings


def _token_runs(text: str) -> list[list[bytes]]:
    """What runs of `_MIN_TOKENS` or more decodable tokens, apart by whitespace only, decode to."""
    runs: list[list[bytes]] = []
    run: list[bytes] = []
    end = 0
    for count, match in enumerate(_TOKEN_RE.finditer(text)):
        decoded = _decoded(match.group()) if count < _MAX_TOKENS else None
        if decoded is None or (run and not text[end : match.start()].isspace()):
            if len(run) >= _MIN_TOKENS:
                runs.append(run)
            run = []
        if decoded is not None:
            run.append(decoded)
        end = match.end()
        if count >= _MAX_TOKENS:
            break
    if len(run) >= _MIN_TOKENS:
        runs.append(run)
    return runs


def _decoded(token: str) -> bytes | None:
    core = token.rstrip("=")
    if len(core) % 4 == 1:
        return None
    try:
        return base64.b64decode(core + "=" * (-len(core) % 4), validate=True)
    except (binascii.Error, ValueError):
        return None


def _joined(pieces: list[bytes]) -> str | None:
    """The pieces read as one text (groups of a longer encoding), or with spaces between them
    (each word encoded by itself), whichever reads as a sentence."""
    whole = _sentence(b"".join(pieces))
    if whole is not None:
        return whole
    words = [_text(piece) for piece in pieces]
    if all(word is not None and _LETTER_RE.search(word) for word in words):
        return _sentence(b" ".join(pieces))
    return None


def _sentence(raw: bytes) -> str | None:
    """`raw` as UTF-8 text if it is printable words apart by spaces, mostly letters."""
    text = _text(raw)
    if text is None or text.count(" ") < 2:
        return None
    return text if (len(_LETTER_RE.findall(text)) + text.count(" ")) * 5 >= len(text) * 4 else None


def _text(raw: bytes) -> str | None:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return text if text.isprintable() and text.strip() else None
