"""Prompt-injection and jailbreak signatures, matched on the normalised text.

`scan` takes `normalize`'s output, matches the rule tables of `signature_rules` (English) and
`signature_rules_intl` (German, French, Spanish) against the folded text, against each payload
that normalisation decoded (base64, hex, tag characters), and, when letters were spaced out,
against the text with its spaces removed. It returns at most one finding per category: the
noisy-or of the distinct rules that fired (two independent cues are stronger than one), capped
below 1, with the rule ids in `detail`. Precision matters more than recall here: the classifier
handles subtle cases, so weak cues score below 0.5 alone.

Findings carry no span: offsets into the folded text do not map back onto the original.
"""

from __future__ import annotations

import re
import string

from ..normalize import Normalized
from ..verdict import DetectionMethod, Finding
from .signature_rules import (
    DELIMITER_RULES,
    EXTRACTION,
    INDIRECT_RULES,
    JAILBREAK_RULES,
    OVERRIDE,
    SQUASHED_RULES,
    Rule,
    RuleGroup,
)
from .signature_rules_intl import INTERNATIONAL

#: Every gated rule group, English first.
GROUPS: tuple[RuleGroup, ...] = (
    *OVERRIDE,
    *EXTRACTION,
    *JAILBREAK_RULES,
    *DELIMITER_RULES,
    *INDIRECT_RULES,
    *INTERNATIONAL,
)
#: A combined score never reaches 1: a heuristic is never certain.
MAX_SCORE = 0.99
_MAX_DETAIL_RULES = 4

_ASCII_SPLIT = str.maketrans(dict.fromkeys(string.punctuation, " "))
_OPEN_QUOTES = frozenset("\"'“‘«`")
_CLOSE_QUOTE_RE = re.compile("[^\n.!?\"”'’»`]{0,40}[\"”'’»`]")
# Quoting an override or persona phrase is usually talking about it ('commands like "ignore
# previous instructions"'), so a quoted match counts for half.
_QUOTED_FACTOR = 0.5
_QUOTABLE = ("override.", "jailbreak.")
_NON_WORD_RE = re.compile(r"[\W_]+")

# category -> rule id (with its "@decoded" / "@squashed" suffix) -> score
_Hits = dict[str, dict[str, float]]


def scan(normalized: Normalized) -> list[Finding]:
    """Prompt-injection and jailbreak findings for a normalised text (see the module docstring)."""
    hits: _Hits = {}
    _match_groups(normalized.text, hits, "")
    if "spaced_letters" in normalized.evasions:
        _match_rules(SQUASHED_RULES, "".join(normalized.text.split()), hits, "@squashed")
    for payload in normalized.decoded:
        _match_groups(payload, hits, "@decoded")
    return [_combine(category, rules) for category, rules in hits.items()]


def _words(text: str) -> frozenset[str]:
    if text.isascii():
        return frozenset(text.translate(_ASCII_SPLIT).split())
    return frozenset(_NON_WORD_RE.split(text))


def _match_groups(text: str, hits: _Hits, suffix: str) -> None:
    words = _words(text)
    for group in GROUPS:
        gated = bool(group.words) and all(not gate.isdisjoint(words) for gate in group.words)
        if gated or any(literal in text for literal in group.literals):
            _match_rules(group.rules, text, hits, suffix)


def _match_rules(rules: tuple[Rule, ...], text: str, hits: _Hits, suffix: str) -> None:
    for rule in rules:
        match = rule.pattern.search(text)
        if match is None or (rule.also is not None and rule.also.search(text) is None):
            continue
        score = rule.score
        if rule.id.startswith(_QUOTABLE) and _quoted(text, match):
            score *= _QUOTED_FACTOR
        found = hits.setdefault(rule.category, {})
        key = rule.id + suffix
        found[key] = max(found.get(key, 0.0), score)


def _quoted(text: str, match: re.Match[str]) -> bool:
    """Whether the match opens a short quotation: a quote right before it, one soon after."""
    start = match.start()
    return start > 0 and text[start - 1] in _OPEN_QUOTES and _CLOSE_QUOTE_RE.match(text, match.end()) is not None


def _combine(category: str, rules: dict[str, float]) -> Finding:
    miss = 1.0
    for score in rules.values():
        miss *= 1.0 - score
    ranked = sorted(rules, key=lambda rule_id: (-rules[rule_id], rule_id))
    detail = "+".join(ranked[:_MAX_DETAIL_RULES])
    return Finding(category, round(min(MAX_SCORE, 1.0 - miss), 4), DetectionMethod.HEURISTIC, detail)
