"""Stable category names used in `Verdict.scores` and `Finding.category`."""

from __future__ import annotations

from typing import Final

PROMPT_INJECTION: Final = "prompt_injection"
JAILBREAK: Final = "jailbreak"
TOXICITY: Final = "toxicity"
SECRETS: Final = "secrets"
PII: Final = "pii"
INVISIBLE_TEXT: Final = "invisible_text"
EVASION: Final = "evasion"
BANNED_SUBSTRINGS: Final = "banned_substrings"
CUSTOM_REGEX: Final = "custom_regex"
LENGTH: Final = "length"
#: Not a score: names the finding of a verdict produced by fail-open / fail-closed.
SCAN_FAILED: Final = "scan_failed"

TOXICITY_LABELS: Final = (
    "toxicity.toxic",
    "toxicity.severe_toxic",
    "toxicity.obscene",
    "toxicity.threat",
    "toxicity.insult",
    "toxicity.identity_hate",
)

#: Categories a classifier may score (the ML layer's output vocabulary).
ML_CATEGORIES: Final = (PROMPT_INJECTION, JAILBREAK, *TOXICITY_LABELS)

#: Every category a verdict may carry, in a stable order.
ALL_CATEGORIES: Final = (
    PROMPT_INJECTION,
    JAILBREAK,
    TOXICITY,
    *TOXICITY_LABELS,
    SECRETS,
    PII,
    INVISIBLE_TEXT,
    EVASION,
    BANNED_SUBSTRINGS,
    CUSTOM_REGEX,
    LENGTH,
)
