"""Find personal data in text: e-mail addresses, phone numbers, payment cards, IBANs, US SSNs, IPs.

``scan(text)`` returns one `Finding` per item, ``detail`` in {"email", "phone", "credit_card",
"iban", "us_ssn", "ipv4", "ipv6"}, with its span; ``mask(text, findings)`` replaces those spans.

Cost on plain prose is a few microseconds: one ``bytes.translate`` maps the text to a coarse
alphabet (digit, letter, separator) with the same offsets, and every detector starts from a
literal found in it with a plain substring or literal-prefix search: ``@`` for e-mail, a run of
digits and separators for numbers, ``AA00`` (two letters, two digits) for IBANs, ``:hex:`` for
IPv6. Checksums and tables then settle each candidate (see `pii_numbers`).
"""

from __future__ import annotations

import ipaddress
import re
from bisect import bisect_right
from collections.abc import Iterable

from ..categories import PII
from ..verdict import DetectionMethod, Finding
from .masking import mask_spans
from .pii_numbers import Hit, iban_at, scan_run

__all__ = ["mask", "scan"]


def _table() -> bytes:
    out = bytearray(b"#" * 256)
    for i in range(256):
        ch = chr(i)
        if ch.isascii() and ch.isdigit():
            out[i] = ord("0")
        elif ch.isascii() and ch.isalpha():
            out[i] = ord("A")
        elif ch in " .-()/":
            out[i] = i
    return bytes(out)


# Digits become "0", ASCII letters "A", the separators of numbers stay, the rest is "#".
# Non-ASCII characters arrive as "?" (one per character), so offsets match the text.
_MAP = _table()
_NUM_RUN = re.compile(rb"0[0 .()/\-]{5,}+")

# Local parts and domain labels may be internationalised (RFC 6531), hence \w rather than ASCII.
_EMAIL_LOCAL = re.compile(r"[\w.%+-]{1,64}+\Z")
_EMAIL_DOMAIN = re.compile(r"@((?:[^\W_](?:[\w-]{0,61}[^\W_])?\.){1,8}[^\W\d_]{2,24})(?![\w-])")
# "icon@2x.png" and "logo@3x.webp" are image names, not addresses.
_FILE_TLDS = frozenset({"png", "jpg", "jpeg", "gif", "svg", "webp", "bmp", "ico", "js", "css", "ts", "py"})

_IPV4 = re.compile(r"[0-9]{1,3}+(?:\.[0-9]{1,3}+){3}")
_V6_HINT = re.compile(r":[0-9A-Fa-f]{0,4}:")
_V6_HEAD = re.compile(r"[0-9A-Fa-f:]{0,40}+\Z")
_V6_BODY = re.compile(r"[0-9A-Fa-f:]{2,40}+(?:\.[0-9]{1,3}){0,3}")
_VERSION_WORDS = ("version", "ver.", "release", "build")
# Addresses that only mean something inside one network (RFC 1918, CGNAT, link-local, ULA): still
# personal data in a log line, but weaker evidence than a public address.
_LOCAL_NETS = tuple(
    ipaddress.ip_network(n)
    for n in (
        "10.0.0.0/8",
        "172.16.0.0/12",
        "192.168.0.0/16",
        "100.64.0.0/10",
        "169.254.0.0/16",
        "fc00::/7",
        "fe80::/10",
    )
)


def _emails(text: str) -> list[Hit]:
    hits: list[Hit] = []
    floor = 0  # a local part never reaches back past the previous "@"
    i = text.find("@")
    while i != -1:
        local = _EMAIL_LOCAL.search(text, max(floor, i - 64), i)
        floor = i + 1
        domain = _EMAIL_DOMAIN.match(text, i)
        if local is not None and domain is not None:
            start = local.start()
            while start < i and text[start] in ".-":
                start += 1  # a sentence's punctuation is not part of the address
            tld = domain.group(1).rsplit(".", 1)[-1].lower()
            if start < i and tld not in _FILE_TLDS:
                hits.append(Hit(start, domain.end(), "email", 0.95))
            i = text.find("@", domain.end())
        else:
            i = text.find("@", i + 1)
    return hits


def _ipv4(text: str, start: int, end: int) -> list[Hit]:
    hits: list[Hit] = []
    for m in _IPV4.finditer(text, start, end):
        s, e = m.span()
        after = text[e : e + 2]
        if (s and text[s - 1] in ".0123456789") or after[:1].isdigit() or (after[:1] == "." and after[1:].isdigit()):
            continue  # "1.2.3.4.5" is an OID or a version, not an address
        try:
            addr = ipaddress.IPv4Address(m.group())
        except ValueError:
            continue
        if addr.is_loopback or addr.is_unspecified or addr.is_multicast:
            continue
        before = text[max(0, s - 12) : s].lower()
        if before.endswith("v") or any(w in before for w in _VERSION_WORDS):
            continue  # "v1.2.3.4", "version 10.0.19041.1"
        hits.append(Hit(s, e, "ipv4", 0.6 if any(addr in net for net in _LOCAL_NETS) else 0.85))
    return hits


def _ipv6(text: str) -> list[Hit]:
    hits: list[Hit] = []
    pos = 0
    while (hint := _V6_HINT.search(text, pos)) is not None:
        head = _V6_HEAD.search(text, max(0, hint.start() - 40), hint.start())
        start = head.start() if head is not None else hint.start()
        body = _V6_BODY.match(text, start)
        if body is None:
            pos = hint.end()
            continue
        pos = max(body.end(), hint.end())  # the head may reach back before `pos`: always advance
        candidate = body.group().rstrip(".")
        if candidate.endswith(":") and not candidate.endswith("::"):
            candidate = candidate[:-1]
        end = start + len(candidate)
        if (start and (text[start - 1].isalnum() or text[start - 1] in "_:.")) or (
            end < len(text) and (text[end].isalnum() or text[end] == "_")
        ):
            continue
        groups = [g for g in candidate.split(":") if g]
        # "x[1::2]" is a slice: with "::", ask for a group of three or more characters.
        if len(groups) < 3 and ("::" not in candidate or len(groups) < 2 or max(map(len, groups)) < 3):
            continue
        try:
            addr = ipaddress.IPv6Address(candidate)
        except ValueError:
            continue
        if addr.is_loopback or addr.is_unspecified or addr.is_multicast:
            continue
        hits.append(Hit(start, end, "ipv6", 0.6 if any(addr in net for net in _LOCAL_NETS) else 0.85))
    return hits


def _numbers(text: str, mapped: bytes) -> list[Hit]:
    hits: list[Hit] = []
    for m in _NUM_RUN.finditer(mapped):
        start, end = m.span()
        while mapped[end - 1] != 0x30:  # trailing separators belong to the sentence
            end -= 1
        ndigits = mapped.count(b"0", start, end)
        if ndigits >= 4 and mapped.count(b".", start, end) >= 3:
            hits += _ipv4(text, start, end)
        if ndigits >= 7:
            hits += scan_run(text, start, end, ndigits)
    return hits


def _ibans(text: str, mapped: bytes) -> list[Hit]:
    hits: list[Hit] = []
    i = mapped.find(b"AA00")
    while i != -1:
        hit = iban_at(text, i)
        if hit is not None:
            hits.append(hit)
            i = mapped.find(b"AA00", hit.end)
        else:
            i = mapped.find(b"AA00", i + 1)
    return hits


def _resolve(hits: list[Hit]) -> list[Hit]:
    """Keep the best of each group of overlapping hits (higher score, then longer); by position."""
    taken: list[tuple[int, int]] = []  # sorted and disjoint
    kept: list[Hit] = []
    for hit in sorted(hits, key=lambda h: (-h.score, h.start - h.end)):
        k = bisect_right(taken, (hit.start, hit.end))
        if (k and taken[k - 1][1] > hit.start) or (k < len(taken) and taken[k][0] < hit.end):
            continue
        taken.insert(k, (hit.start, hit.end))
        kept.append(hit)
    return sorted(kept)


def scan(text: str) -> list[Finding]:
    """Return the personal data found in `text`, one `Finding` per item, ordered by position."""
    if len(text) < 6:
        return []
    hits: list[Hit] = []
    if "@" in text:
        hits += _emails(text)
    mapped = text.encode("ascii", "replace").translate(_MAP)
    if b"0" in mapped:
        hits += _numbers(text, mapped)
        if b"AA00" in mapped:
            hits += _ibans(text, mapped)
        if ":" in text:
            hits += _ipv6(text)
    if len(hits) > 1:
        hits = _resolve(hits)
    return [Finding(PII, h.score, DetectionMethod.HEURISTIC, h.detail, (h.start, h.end)) for h in hits]


def mask(text: str, findings: Iterable[Finding]) -> str:
    """Return `text` with every located PII finding replaced by ``[REDACTED:pii]``."""
    return mask_spans(text, findings, (PII,))
