"""Number-shaped personal data: payment cards, US social security numbers, phone numbers, IBANs.

`pii.scan` cuts a text into *numeric runs* (a digit followed by 5 to 40 digits and separators);
`scan_run` looks inside one run. Each detector is a bounded regex whose repetitions are
possessive, plus a checksum or a table where one exists: Luhn and issuer prefixes for cards, the
SSA's never-issued ranges for SSNs, the North American numbering plan, and for IBANs the
per-country length and the ISO 7064 mod-97 check.
"""

from __future__ import annotations

import re
from typing import NamedTuple


class Hit(NamedTuple):
    """One located piece of personal data."""

    start: int
    end: int
    detail: str
    score: float


_CARD_WORDS = (
    "card", "credit", "debit", "visa", "mastercard", "amex", "maestro", "cc ", "cc#", "cc:", "cvv", "pan ",
    "payment", "billing", "charge",
)  # fmt: skip
_SSN_WORDS = ("ssn", "social security", "social-security", "socialsecurity")
# Whole words only: "Callable", "Cytel" and "Engineering" must not count.
_PHONE_WORDS = re.compile(
    r"\b(?:(?:tele)?phone|tel|mobile|cell|call(?:ed|ing)?|fax|desk|whatsapp|sms|text me|reach me|dial"
    r"|contact|landline|hotline|messages to|answering|ring me|handy|registered)\b",
    re.IGNORECASE,
)
_PHONE_AFTER = re.compile(r"[ ,;:\\-]{0,3}(?:office|fax|mobile|cell|home|work)\b", re.IGNORECASE)
# E.164 country codes in use: all of 1 and 7, these two-digit ones, and three-digit ones by block.
_CC2 = frozenset({
    20, 27, 30, 31, 32, 33, 34, 36, 39, 40, 41, 43, 44, 45, 46, 47, 48, 49, 51, 52, 53, 54, 55, 56, 57, 58,
    60, 61, 62, 63, 64, 65, 66, 81, 82, 84, 86, 90, 91, 92, 93, 94, 95, 98,
})  # fmt: skip
_CC3_BLOCKS = frozenset({21, 22, 23, 24, 25, 26, 29, 35, 37, 38, 42, 50, 59, 67, 68, 69, 80, 85, 87, 88, 96, 97, 99})
_CC3_UNUSED = frozenset({
    210, 211, 214, 215, 217, 219, 259, 292, 293, 294, 295, 296, 384, 422, 424, 425, 426, 427, 428, 429, 671,
    693, 694, 695, 696, 697, 698, 699, 801, 802, 803, 804, 805, 806, 807, 809, 851, 854, 857, 858, 859, 871,
    872, 873, 874, 875, 876, 877, 879, 884, 885, 887, 889, 969, 978, 979, 990, 997, 999,
})  # fmt: skip

# Cards: contiguous, or in the groups printed on cards (4-4-4-4[-3], Amex 4-6-5, Diners 4-6-4).
_CARD = re.compile(
    r"[0-9]{12,19}+"
    r"|[0-9]{4}(?P<s>[ -])[0-9]{4}(?P=s)[0-9]{4}(?P=s)[0-9]{4}(?:(?P=s)[0-9]{3})?"
    r"|[0-9]{4}(?P<t>[ -])[0-9]{6}(?P=t)[0-9]{4,5}"
)
_SSN = re.compile(r"[0-9]{3}(?P<s>[- ])[0-9]{2}(?P=s)[0-9]{4}|[0-9]{9}")
# Phones. International: "+" and 8 to 15 digits in groups, "(0)" allowed after the country code.
_PHONE_INTL = re.compile(
    r"\+[1-9][0-9]{0,3}+(?:[ .-]?\(0\))?(?:[ .-]?\(?[0-9]{1,5}+\)?){1,6}+(?:[ ]?(?:x|ext\.?)[ ]?[0-9]{1,5}+)?"
)
# North American numbering plan: "(555) 123-4567", "555-123-4567", "555.123.4567", with an optional
# 1 / +1 / 001 and extension. Separators must agree; "555 123 4567" (spaces, as in tables of
# figures) only counts next to a phone word.
_EXT = r"(?:[ ]?(?:x|ext\.?)[ ]?[0-9]{1,5}+)?"
_PHONE_NANP = re.compile(
    rf"(?:\+?1[ .-]?|001[ .-])?\([0-9]{{3}}\)[ ]?[0-9]{{3}}[-. ][0-9]{{4}}{_EXT}"
    rf"|(?:(?:\+?1|001)[.-])?[0-9]{{3}}(?P<s>[.-])[0-9]{{3}}(?P=s)[0-9]{{4}}{_EXT}"
)
_PHONE_NANP_SPACED = re.compile(rf"(?:\+?1 )?[0-9]{{3}} [0-9]{{3}} [0-9]{{4}}{_EXT}")
# Anything else that groups 7 to 15 digits like a phone number; only counts next to a phone word.
_PHONE_LOOSE = re.compile(r"\(?[0-9]{1,13}+\)?(?:[ .-]\(?[0-9]{1,8}+\)?){0,5}+")
_DECIMAL = re.compile(r"[0-9]{1,4}\.[0-9]+")
_DATE = re.compile(
    r"(?:[0-9]{4}(?P<a>[-./])(?P<m1>[0-9]{1,2})(?P=a)(?P<d1>[0-9]{1,2})"
    r"|(?P<x>[0-9]{1,2})(?P<b>[-./])(?P<y>[0-9]{1,2})(?P=b)(?:[0-9]{4}|[0-9]{2}))(?![-./]?[0-9])"
)

_IBAN_LENGTHS = {
    "AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22, "BH": 22, "BI": 27,
    "BR": 29, "BY": 28, "CH": 21, "CR": 22, "CY": 28, "CZ": 24, "DE": 22, "DJ": 27, "DK": 18, "DO": 28,
    "EE": 20, "EG": 29, "ES": 24, "FI": 18, "FK": 18, "FO": 18, "FR": 27, "GB": 22, "GE": 22, "GI": 23,
    "GL": 18, "GR": 27, "GT": 28, "HR": 21, "HU": 28, "IE": 22, "IL": 23, "IQ": 23, "IS": 26, "IT": 27,
    "JO": 30, "KW": 30, "KZ": 20, "LB": 28, "LC": 32, "LI": 21, "LT": 20, "LU": 20, "LV": 21, "LY": 25,
    "MC": 27, "MD": 24, "ME": 22, "MK": 19, "MN": 20, "MR": 27, "MT": 31, "MU": 30, "NI": 28, "NL": 18,
    "NO": 15, "OM": 23, "PK": 24, "PL": 28, "PS": 29, "PT": 25, "QA": 29, "RO": 24, "RS": 22, "RU": 33,
    "SA": 24, "SC": 31, "SD": 18, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "SO": 23, "ST": 25, "SV": 28,
    "TL": 23, "TN": 24, "TR": 26, "UA": 29, "VA": 22, "VG": 24, "XK": 20, "YE": 30,
}  # fmt: skip


def luhn_ok(digits: str) -> bool:
    """The Luhn (mod 10) check that every payment card number passes."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = ord(ch) - 48
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def card_issuer_ok(digits: str) -> bool:
    """Whether the issuer prefix (IIN) and the length fit a card scheme that exists."""
    n = len(digits)
    two, four = int(digits[:2]), int(digits[:4])
    if digits[0] == "4":
        return n in (13, 16, 19)  # Visa
    if 51 <= two <= 55 or 2221 <= four <= 2720:
        return n == 16  # Mastercard
    if two in (34, 37):
        return n == 15  # American Express
    if four in (1800, 2131):
        return n == 15  # JCB (old)
    if two in (35, 62) or 2200 <= four <= 2204:
        return 16 <= n <= 19  # JCB, UnionPay, Mir
    if two in (30, 36, 38, 39):
        return 14 <= n <= 16  # Diners Club
    if digits[0] in "56":
        return 12 <= n <= 19  # Discover, Maestro, RuPay, Verve
    return False


def _near(text: str, start: int, words: tuple[str, ...]) -> bool:
    window = text[max(0, start - 40) : start].lower()
    return any(w in window for w in words)


def _is_date(value: str) -> bool:
    """Whether `value` starts with a calendar date (2015-12-22, 22.12.2015, 12/22/15)."""
    m = _DATE.match(value)
    if m is None:
        return False
    if m.group("m1") is not None:
        return 1 <= int(m.group("m1")) <= 12 and 1 <= int(m.group("d1")) <= 31
    x, y = int(m.group("x")), int(m.group("y"))
    return 1 <= min(x, y) <= 12 and 1 <= max(x, y) <= 31


def _phone_context(text: str, start: int, end: int) -> bool:
    """A phone word shortly before ("Phone:", "call me at"), or a label right after ("… office")."""
    if _PHONE_WORDS.search(text, max(0, start - 40), start):
        return True
    return _PHONE_AFTER.match(text, end) is not None


def country_code_ok(digits: str) -> bool:
    """Whether an international number starts with an E.164 country code that is assigned."""
    if digits[0] in "17":
        return True
    if int(digits[:2]) in _CC2:
        return True
    return int(digits[:2]) in _CC3_BLOCKS and int(digits[:3]) not in _CC3_UNUSED


def _clean_edges(text: str, start: int, end: int) -> bool:
    """A number is whole: no digit, letter or "digit-separator" run continues it on either side."""
    before = text[max(0, start - 2) : start]
    after = text[end : end + 2]
    if before[-1:].isalnum() or (before[-1:] in ("-", ".") and before[:1].isdigit() and len(before) == 2):
        return False
    return not (after[:1].isalnum() or (after[:1] in ("-", ".") and after[1:].isdigit()))


def _cards(text: str, start: int, end: int) -> list[Hit]:
    hits: list[Hit] = []
    for m in _CARD.finditer(text, start, end):
        s, e = m.span()
        digits = re.sub(r"[ -]", "", m.group())
        if not _clean_edges(text, s, e) or not luhn_ok(digits) or not card_issuer_ok(digits):
            continue
        context = _near(text, s, _CARD_WORDS)
        grouped = m.group("s") is not None or m.group("t") is not None
        if not (context or grouped):
            continue  # one Luhn-valid number in twenty has a card prefix: ids, seeds, sums in code
        hits.append(Hit(s, e, "credit_card", 0.98 if grouped and context else 0.95))
    return hits


def _ssns(text: str, start: int, end: int) -> list[Hit]:
    hits: list[Hit] = []
    for m in _SSN.finditer(text, start, end):
        s, e = m.span()
        digits = re.sub(r"[- ]", "", m.group())
        area, group, serial = digits[:3], digits[3:5], digits[5:]
        if area in ("000", "666") or area[0] == "9" or group == "00" or serial == "0000":
            continue  # never issued
        if digits in ("123456789", "078051120") or not _clean_edges(text, s, e):
            continue  # the textbook example and the Woolworth wallet card
        context = _near(text, s, _SSN_WORDS)
        if m.group("s") == "-":
            hits.append(Hit(s, e, "us_ssn", 0.95 if context else 0.85))
        elif context:
            hits.append(Hit(s, e, "us_ssn", 0.8))
    return hits


def _phones(text: str, start: int, end: int, ndigits: int) -> list[Hit]:
    hits: list[Hit] = []
    # Include a "+" or "(" right before the run (the run starts at a digit) and room for an
    # extension after it ("x4587", "ext. 12").
    lead = start - 1 if start and text[start - 1] in "+(" else start
    end = min(len(text), end + 12)
    # Each pattern's cheap precondition first: INTL starts with "+"; NANP needs ten digits, all
    # inside the run (runs are maximal, so only an extension's digits lie past its end).
    intl = _PHONE_INTL.finditer(text, lead, end) if "+" in text[lead:end] else ()
    for m in intl:
        s, e = m.span()
        value = m.group()
        digits = re.sub(r"[^0-9]", "", value.replace("(0)", ""))
        if not 8 <= len(digits) <= 15 or not country_code_ok(digits) or _DECIMAL.fullmatch(value[1:]):
            continue  # too short or long, no such country, or a signed decimal ("+1.4142135")
        if value.endswith(")") and value.count("(") < value.count(")"):
            e -= 1  # "(… +44 20 7946 0958)": the bracket closes the sentence's parenthesis
        if _clean_edges(text, s, e):
            hits.append(Hit(s, e, "phone", 0.85))
    for m in _PHONE_NANP.finditer(text, lead, end) if ndigits >= 10 else ():
        s, e = m.span()
        if _clean_edges(text, s, e):
            hits.append(Hit(s, e, "phone", 0.85 if _phone_context(text, s, e) else 0.75))
    if not hits and ndigits >= 10:
        for m in _PHONE_NANP_SPACED.finditer(text, lead, end):
            s, e = m.span()
            if _clean_edges(text, s, e) and _phone_context(text, s, e):
                hits.append(Hit(s, e, "phone", 0.8))
    if hits or not 7 <= ndigits <= 15:
        return hits
    for m in _PHONE_LOOSE.finditer(text, lead, end):
        s, e = m.span()
        if not _phone_context(text, s, e):
            continue  # checked first: most numbers in prompts have no phone word near them
        value = m.group()
        n = sum(c.isdigit() for c in value)
        if not 7 <= n <= 13 or _is_date(value) or _DECIMAL.fullmatch(value) or not _clean_edges(text, s, e):
            continue
        if (s and text[s - 1] in "$€£¥") or (text[e : e + 1] == ":" and text[e + 1 : e + 2].isdigit()):
            continue  # a price range ("$200-1000") or a time ("… 14:30")
        hits.append(Hit(s, e, "phone", 0.65))
    return hits


def scan_run(text: str, start: int, end: int, ndigits: int) -> list[Hit]:
    """Cards, SSNs and phone numbers inside one numeric run ``text[start:end]``."""
    hits: list[Hit] = []
    if ndigits >= 12:
        hits += _cards(text, start, end)
    if ndigits >= 9:
        hits += _ssns(text, start, end)
    if ndigits >= 7:
        hits += _phones(text, start, end, ndigits)
    return hits


def iban_at(text: str, start: int) -> Hit | None:
    """The IBAN that starts at `start` (two letters, two digits), if its length and checksum hold."""
    country = text[start : start + 2].upper()
    length = _IBAN_LENGTHS.get(country)
    if length is None or (start and text[start - 1].isalnum()):
        return None
    if not (text[start : start + 2].isupper() or text[start : start + 2].islower()):
        return None
    chars: list[str] = []
    i, n = start, len(text)
    while i < n and len(chars) < length:
        ch = text[i]
        if ch.isascii() and ch.isalnum():
            chars.append(ch)
        elif not (ch == " " and len(chars) % 4 == 0 and i + 1 < n and text[i + 1].isalnum()):
            break  # spaces may only separate groups of four
        i += 1
    if len(chars) != length or (i < n and text[i].isalnum()):
        return None
    compact = "".join(chars).upper()
    rearranged = compact[4:] + compact[:4]
    if not rearranged.isalnum() or int("".join(str(int(c, 36)) for c in rearranged)) % 97 != 1:
        return None
    return Hit(start, i, "iban", 0.97)
