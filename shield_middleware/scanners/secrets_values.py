"""Checks on candidate secret values: entropy, character mix, randomness, placeholders, base64."""

from __future__ import annotations

import base64
import binascii
import math
import re
from collections import Counter

# Substrings that mark a stand-in. Not "example": AWS documents real-looking keys that end in
# "EXAMPLE", and people paste them; a key of the right shape is treated as a key.
_PLACEHOLDER_WORDS = (
    "placeholder", "changeme", "change_me", "change-me", "your_", "your-", "yourkey", "yourtoken",
    "yourpassword", "redacted", "dummy", "xxxx", "****", "....", "<", "${", "{{", "%(", "$(",
)  # fmt: skip
_PLACEHOLDER_VALUES = frozenset({
    "password", "passwd", "pass", "pwd", "secret", "token", "key", "apikey", "api_key", "null", "none", "nil",
    "true", "false", "undefined", "empty", "example", "sample", "string", "str", "bytes", "required",
    "optional", "hidden", "masked", "todo", "tbd", "test", "testing", "admin", "root", "user", "username",
    "default", "foobar", "foo", "bar", "baz", "qwerty", "letmein",
})  # fmt: skip
_CHUNKS = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|[0-9]+")
_SEQUENCES = ("0123456789", "1234567890", "abcdefghijklmnopqrstuvwxyz", "qwertyuiop")


def entropy(value: str) -> float:
    """Shannon entropy of `value` in bits per character (0.0 for an empty string)."""
    if not value:
        return 0.0
    n = len(value)
    return -sum(c / n * math.log2(c / n) for c in Counter(value).values())


def char_classes(value: str) -> int:
    """How many of lower case, upper case, digit and other characters `value` uses."""
    lower = upper = digit = other = 0
    for ch in value:
        if ch.islower():
            lower = 1
        elif ch.isupper():
            upper = 1
        elif ch.isdigit():
            digit = 1
        else:
            other = 1
    return lower + upper + digit + other


def looks_placeholder(value: str) -> bool:
    """True for values that stand in for a secret: ``changeme``, ``xxxx``, ``<your-key>``, ``${VAR}``…"""
    low = value.lower()
    if low in _PLACEHOLDER_VALUES or low.strip("*x.-_#?") == "":
        return True
    # "password1", "Secret123!", "admin2024": a stand-in word with a number on the end.
    if low.rstrip("0123456789!@#$%^&*._-") in _PLACEHOLDER_VALUES:
        return True
    if any(word in low for word in _PLACEHOLDER_WORDS):
        return True
    if value.startswith(("$", "%", "@", "&", "!!", "os.", "env.", "ENV[", "process.env", "getenv")):
        return True
    # A long body that is mostly one character ("sk_live_aaaaaaaa…", "AKIAAAAAAAAAAAAAAAAA").
    if len(value) >= 8 and len(set(low)) <= max(3, len(value) // 8):
        return True
    compact = low.replace("-", "").replace("_", "")
    return any(seq[:8] in compact for seq in _SEQUENCES) and entropy(value) < 4.0


def looks_random(value: str) -> bool:
    """Generated rather than written: base64, hex or base62 noise, not words or identifiers.

    Entropy alone is high for any long string with many distinct letters ("HyperParameterTuning…",
    "notHighEnoughEntropy"). Cut into case and digit chunks ("Hyper", "Parameter", …), words give
    long chunks; random strings switch between lower case, upper case and digits every two
    characters or so (mean chunk length under 3.6 for 99 % of random base64 of 32+ characters).
    """
    chunks = _CHUNKS.findall(value)
    if len(chunks) < 4:
        return False
    return sum(map(len, chunks)) / len(chunks) <= 3.6


def b64decode(segment: str) -> bytes | None:
    """Decode base64 or base64url with or without padding; None where it is not base64."""
    try:
        return base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))
    except (binascii.Error, ValueError):
        return None
