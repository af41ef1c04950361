"""Find credentials in text: vendor API keys and tokens, private keys, passwords in URLs and configs.

``scan(text)`` returns one `Finding` per credential, with the rule name as ``detail`` (never the
value) and the value's span; ``mask(text, findings)`` replaces those spans. Four stages, each behind
a cheap gate so that plain prose costs a few microseconds:

1. fixed formats (`secrets_patterns.TOKEN_RULES`): only over the runs of 20+ token characters,
   found with one ``bytes.translate`` and substring searches, and only the rules whose literal
   anchors one regex finds in those runs;
2. PEM / OpenSSH / PGP private key blocks, behind ``"-----BEGIN" in text``;
3. ``scheme://user:password@host`` URLs, behind ``"@"`` and ``"://"``;
4. secrets given by name (`secrets_keywords`), behind a few substring searches for key words.

Overlapping findings are resolved in favour of the higher score (the more specific rule).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable

from ..categories import SECRETS
from ..verdict import DetectionMethod, Finding
from .masking import mask_spans
from .secrets_keywords import KEYWORDS, scan_assignments
from .secrets_patterns import (
    ANCHOR_RE,
    MIN_RUN,
    RULES_BY_ANCHOR,
    RUN_CHARS,
    UNANCHORED_RULES,
    TokenRule,
    rule_accepts,
)
from .secrets_values import char_classes, looks_placeholder

__all__ = ["mask", "scan"]

# Token characters map to "a", everything else (non-ASCII arrives as "?") to a space, so that a
# run of MIN_RUN token characters is a plain substring search for "a" * MIN_RUN.
_RUN_TABLE = bytes(0x61 if i in RUN_CHARS else 0x20 for i in range(256))
_RUN = b"a" * MIN_RUN

_PEM_HEADER = re.compile(r"-----BEGIN (?P<kind>(?:[A-Z0-9]{1,12} ){0,3}?)PRIVATE KEY(?: BLOCK)?-----")
# Without a footer, the key is the base64 chunks (16+ characters each) that follow the header.
_PEM_CHUNKS = re.compile(r"(?:[ \t]{0,4}+(?:\r?\n|\\n)?[ \t]{0,4}+[A-Za-z0-9+/=]{16,}+)*+")
_PEM_BASE64 = re.compile(r"[A-Za-z0-9+/]{16}")
_PEM_END = re.compile(r"-----END [A-Z0-9 ]{0,40}-----")
_PEM_MAX = 16_384

_SCHEME_TAIL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]{0,20}+\Z")
_USERINFO = re.compile(r"://(?P<user>[^\s:/?#@\"'<>]{0,128}+):(?P<pw>[^\s/?#@\"'<>]{1,256}+)@[A-Za-z0-9\[]")
_SCHEME_DETAIL = {
    "postgres": "postgres_connection_string",
    "postgresql": "postgres_connection_string",
    "mysql": "mysql_connection_string",
    "mariadb": "mysql_connection_string",
    "mongodb": "mongodb_connection_string",
    "mongodb+srv": "mongodb_connection_string",
    "redis": "redis_connection_string",
    "rediss": "redis_connection_string",
    "amqp": "amqp_connection_string",
    "amqps": "amqp_connection_string",
}
_WEB_SCHEMES = frozenset({"http", "https", "ftp", "ftps", "sftp", "ssh", "git", "smtp", "smtps", "ws", "wss"})


def _finding(detail: str, score: float, start: int, end: int) -> Finding:
    return Finding(SECRETS, score, DetectionMethod.HEURISTIC, detail, (start, end))


def _long_runs(text: str) -> list[tuple[int, int]]:
    """(start, end) of every run of MIN_RUN or more token characters, in order."""
    mapped = text.encode("ascii", "replace").translate(_RUN_TABLE)
    runs: list[tuple[int, int]] = []
    i = mapped.find(_RUN)
    while i != -1:
        j = mapped.find(b" ", i + MIN_RUN)
        if j == -1:
            j = len(mapped)
        runs.append((i, j))
        i = mapped.find(_RUN, j)
    return runs


def _scan_tokens(text: str, runs: list[tuple[int, int]]) -> list[Finding]:
    # The runs are joined with spaces into one short string, so each rule costs one regex call
    # whatever the number of runs; `starts` maps a position back into `text`.
    starts: list[int] = []
    offsets: list[int] = []
    pos = 0
    for start, end in runs:
        starts.append(pos)
        offsets.append(start)
        pos += end - start + 1
    joined = " ".join(text[s:e] for s, e in runs)
    found: list[Finding] = []
    woken: dict[int, TokenRule] = {id(rule): rule for rule in UNANCHORED_RULES}
    for anchor in set(ANCHOR_RE.findall(joined)):
        woken.update((id(rule), rule) for rule in RULES_BY_ANCHOR[anchor])
    for rule in woken.values():
        for m in rule.pattern.finditer(joined):
            group = "v" if "v" in rule.pattern.groupindex else 0
            s, e = m.span(group)
            while e > s and joined[e - 1] == ".":  # a sentence's full stop is not part of a key
                e -= 1
            if not rule_accepts(rule, joined[s:e]):
                continue
            k = bisect_right(starts, s) - 1
            shift = offsets[k] - starts[k]
            found.append(_finding(rule.detail, rule.score, s + shift, e + shift))
    return found


def _scan_pem(text: str) -> list[Finding]:
    found: list[Finding] = []
    # The next footer and the next base64 run are found once and reused by every header before
    # them: searching again from each header made a text of headers without base64 quadratic.
    footer_at: int | None = None
    b64: re.Match[str] | None = None
    b64_searched = False
    service_account: bool | None = None
    for m in _PEM_HEADER.finditer(text):
        head_end = m.end()
        end, score = -1, 0.99
        if footer_at is None or -1 < footer_at < head_end:
            footer_at = text.find("-----END", head_end)
        in_window = -1 < footer_at < head_end + _PEM_MAX
        footer = _PEM_END.match(text, footer_at) if in_window else None
        if not b64_searched or (b64 is not None and b64.start() < head_end):
            b64, b64_searched = _PEM_BASE64.search(text, head_end), True
        # The pattern has a fixed length, so the first run after the header lies before the
        # footer exactly when some run does.
        if footer is not None and b64 is not None and b64.end() <= footer_at:
            end = footer.end()
        else:
            chunks = _PEM_CHUNKS.match(text, head_end, min(len(text), head_end + _PEM_MAX))
            if chunks is not None and chunks.end() > head_end:
                end, score = chunks.end(), 0.9
        if end == -1:
            continue  # a header alone, e.g. in a question about the format
        kind = m.group("kind").strip().lower()
        if service_account is None:
            service_account = "service_account" in text
        if '"private_key"' in text[max(0, m.start() - 40) : m.start()] or service_account:
            detail = "gcp_service_account_key"
        elif kind in ("openssh", "pgp"):
            detail = f"{kind}_private_key"
        else:
            detail = "pem_private_key"
        found.append(_finding(detail, score, m.start(), end))
    return found


def _scan_url_credentials(text: str) -> list[Finding]:
    found: list[Finding] = []
    i = text.find("://")
    while i != -1:
        m = _USERINFO.match(text, i)
        if m is not None:
            scheme_m = _SCHEME_TAIL.search(text, max(0, i - 21), i)
            scheme = scheme_m.group().lower() if scheme_m is not None else ""
            password = m.group("pw")
            # "http://evil:thing@host" in a test is a pattern, not a credential: ask for a real one.
            strong = len(password) >= 8 or char_classes(password) >= 2
            if scheme and strong and not looks_placeholder(password):
                if scheme in _SCHEME_DETAIL:
                    detail, score = _SCHEME_DETAIL[scheme], 0.9
                elif scheme in _WEB_SCHEMES:
                    detail, score = "url_basic_auth", 0.85
                else:
                    detail, score = "connection_string_password", 0.85
                found.append(_finding(detail, score, *m.span("pw")))
        i = text.find("://", i + 3)
    return found


def _resolve(findings: Iterable[Finding]) -> list[Finding]:
    """Keep the best finding of each group of overlapping spans; order by position."""
    ranked = sorted(findings, key=lambda f: (-f.score, f.span[0] - f.span[1] if f.span else 0))
    kept: list[Finding] = []
    taken: list[tuple[int, int]] = []  # sorted, non-overlapping
    for f in ranked:
        assert f.span is not None
        start, end = f.span
        k = bisect_right(taken, (start, end))
        if (k and taken[k - 1][1] > start) or (k < len(taken) and taken[k][0] < end):
            continue
        taken.insert(k, (start, end))
        kept.append(f)
    kept.sort(key=lambda f: f.span or (0, 0))
    return kept


def scan(text: str) -> list[Finding]:
    """Return the credentials found in `text`, one `Finding` per value, ordered by position."""
    if len(text) < 6:
        return []
    found: list[Finding] = []
    runs = _long_runs(text)
    if runs:
        found += _scan_tokens(text, runs)
    if "-----BEGIN" in text:
        found += _scan_pem(text)
    if "@" in text and "://" in text:
        found += _scan_url_credentials(text)
    low = text.lower()
    if len(low) != len(text):
        # A few characters change length when lower-cased ("İ"); ASCII key words are unaffected.
        low = text.encode("ascii", "replace").decode("ascii").lower()
    present = [kw for kw in KEYWORDS if kw in low]
    if present:
        found += [_finding(a.detail, a.score, a.start, a.end) for a in scan_assignments(text, low, present)]
    if len(found) < 2:
        return found
    return _resolve(found)


def mask(text: str, findings: Iterable[Finding]) -> str:
    """Return `text` with every located secrets finding replaced by ``[REDACTED:secrets]``."""
    return mask_spans(text, findings, (SECRETS,))
